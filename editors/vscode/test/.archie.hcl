# SYNTAX TEST "source.archie" "the configuration file"

config {
# <------ keyword.other.block.archie
  fail_on = "warning"
# ^^^^^^^ variable.other.property.archie
}

rule "memory-cap" {
# <---- keyword.other.block.archie
#    ^^^^^^^^^^^^ entity.name.label.archie
  kind      = "function"
  condition = self.memory <= 3008
#             ^^^^ storage.type.component.archie
#                  ^^^^^^ variable.other.member.archie
#                         ^^ keyword.operator.archie
  severity  = "warning"
}

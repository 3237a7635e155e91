# SYNTAX TEST "source.archie" "architecture files"

service "orders" {
# <------- keyword.other.block.archie
#        ^^^^^^ entity.name.label.archie
#                ^ punctuation.section.block.begin.archie
  owner = "team-orders"
# ^^^^^ variable.other.property.archie
#       ^ keyword.operator.assignment.archie
#         ^^^^^^^^^^^^^ string.quoted.double.archie

  # archie-ignore: missing-dlq, sync-chain -- replayed from the ledger
# ^ comment.line.number-sign.archie
#   ^^^^^^^^^^^^^ keyword.other.directive.archie
#                  ^^^^^^^^^^^^^^^^^^^^^^^ constant.other.rule-id.archie
  queue "placed" {
# ^^^^^ storage.type.component.archie
#       ^^^^^^^^ entity.name.label.archie
    visibility_timeout = "6m"
#   ^^^^^^^^^^^^^^^^^^ variable.other.property.archie
    dead_letter        = queue.placed_dlq
#                        ^^^^^ storage.type.component.archie
#                             ^ punctuation.accessor.archie
#                              ^^^^^^^^^^ variable.other.member.archie
    fifo               = true # ordered per customer
#                        ^^^^ constant.language.archie
#                             ^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.archie
  }

  function "charge" {
#          ^^^^^^^^ entity.name.label.archie
    memory = 1024
#            ^^^^ constant.numeric.archie
    emits  = [queue.placed, topic.charged]
#            ^ punctuation.section.brackets.begin.archie
#             ^^^^^ storage.type.component.archie
#                           ^^^^^ storage.type.component.archie
    trigger {
#   ^^^^^^^ keyword.other.block.archie
      source = api.public
#              ^^^ storage.type.component.archie
      route  = "POST /orders"
    }
  }
}

/* a block
   comment */
# <-- comment.block.archie

workload "peak" {
# <-------- keyword.other.block.archie
  entry = api.public
  rate  = 120.5
# ^^^^ variable.other.property.archie
#         ^^^^^ constant.numeric.archie
}

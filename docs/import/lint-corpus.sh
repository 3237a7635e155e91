#!/bin/sh
# lint-corpus.sh ARCHIE OUT DIR...
#
# Runs `ARCHIE lint --from FORMAT --format json` over every unit below each
# DIR (a directory holding a SAM/CloudFormation template, .tf files or a
# serverless.yml), one directory at a time with a 20 s timeout, and writes
# OUT/units.tsv (format, directory, exit code) and OUT/findings.tsv (format,
# directory, rule, severity, file:line, message). Then it prints findings
# per rule, units per exit code and how many units imported (exit 0 or 1).
# It is how docs/import/README.md's "Precision on public templates" was
# measured; run it with the same corpus for the binary before and after a
# change and compare.
set -eu
archie=$1 out=$2
shift 2
mkdir -p "$out"
: >"$out/units.tsv"
: >"$out/findings.tsv"
unit() { # format dir
	code=0
	timeout 20 "$archie" lint --from "$1" --format json --no-color "$2" >"$out/last.json" 2>/dev/null || code=$?
	printf '%s\t%s\t%s\n' "$1" "$2" "$code" >>"$out/units.tsv"
	if [ "$code" -le 1 ]; then
		jq -r --arg f "$1" --arg d "$2" '.findings[] | [$f, $d, .rule, .severity, "\(.range.filename):\(.range.start.line)", .message] | @tsv' "$out/last.json" >>"$out/findings.tsv" || true
	fi
}
for root in "$@"; do
	find "$root" -name node_modules -prune -o -name .aws-sam -prune -o -type f \( -name 'template.yaml' -o -name 'template.yml' \) -print | xargs -r -n1 dirname | sort -u | while read -r d; do unit sam "$d"; done
	find "$root" -name node_modules -prune -o -name .terraform -prune -o -type f -name '*.tf' -print | xargs -r -n1 dirname | sort -u | while read -r d; do unit terraform "$d"; done
	find "$root" -name node_modules -prune -o -type f \( -name 'serverless.yml' -o -name 'serverless.yaml' \) -print | xargs -r -n1 dirname | sort -u | while read -r d; do unit serverless "$d"; done
done
rm -f "$out/last.json"
echo "findings per rule:"
cut -f3 "$out/findings.tsv" | sort | uniq -c | sort -rn
echo "units per exit code (0 clean, 1 findings at fail-on, 2 invalid, 124 timeout):"
cut -f1,3 "$out/units.tsv" | sort | uniq -c

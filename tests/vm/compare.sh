#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# compare.sh ST STFUSED TABLE - the differential report of the vm label.
#
# ST and STFUSED are the guest's result files (see scenarios.sh): one line
# per step with the command's status (rc), the MTIOCGET fields, MTIOCPOS
# and a digest of what the command printed (out), and one "layout" line
# per scenario.  Every field that differs is printed; it is "explained"
# when TABLE (a markdown table, docs/kernel-st-differences.md) has a row
# | scenario | step | field | why | for it ("*" for every scenario
# or every step).  Exit 0 when every
# difference is explained and both runs cover the same steps.
set -uo pipefail
st=$1 sf=$2 table=$3

awk -v TABLE="$table" '
function fields(line, out,    n, i, a, kv) {
	delete out
	n = split(line, a, " ")
	for (i = 1; i <= n; i++)
		if (split(a[i], kv, "=") == 2)
			out[kv[1]] = kv[2]
}
# A row may name every scenario or every step with "*".
function explains(scen, step, f) {
	return ((scen " " step " " f) in explained) || \
		((scen " * " f) in explained) || (("* " step " " f) in explained) || \
		(("* * " f) in explained)
}
BEGIN {
	FS = "|"
	while ((getline row < TABLE) > 0) {
		if (split(row, c, "|") < 6) continue
		for (i = 2; i <= 4; i++) gsub(/^[ \t`]+|[ \t`]+$/, "", c[i])
		if (c[2] ~ /^(scenario|-+)$/) continue
		explained[c[2] " " c[3] " " c[4]] = 1
	}
	FS = " "
}
FNR == 1 { file++ }
$2 ~ /^[0-9][0-9]$/ || $2 == "layout" {
	key = $1 " " $2
	line = $0
	if ($2 == "layout") { sub(/^[^ ]+ layout /, "", line); line = "layout=" line; gsub(/ /, "_", line) }
	if (file == 1) { a[key] = line; order[++n] = key } else b[key] = line
}
END {
	bad = 0; diffs = 0
	for (i = 1; i <= n; i++) {
		k = order[i]
		if (!(k in b)) { printf "MISSING in stfused run: %s\n", k; bad++; continue }
		fields(a[k], fa); fields(b[k], fb)
		for (f in fa) {
			if (fa[f] == fb[f]) continue
			split(k, kk, " ")
			mark = explains(kk[1], kk[2], f) ? "explained" : "UNEXPLAINED"
			if (mark == "UNEXPLAINED") bad++
			diffs++
			printf "%-11s %-16s %-7s %-9s st=%s stfused=%s\n", mark, kk[1], kk[2], f, fa[f], fb[f]
		}
	}
	for (k in b) if (!(k in a)) { printf "EXTRA in stfused run: %s\n", k; bad++ }
	printf "vm differential: %d steps compared, %d fields differ, %d unexplained\n", n, diffs, bad
	exit bad ? 1 : 0
}' "$st" "$sf"

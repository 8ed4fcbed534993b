#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# stfused-e2e.sh SCENARIO - one e2e client scenario (tests/e2e/run.sh)
# with stfused serving tgtd's virtual tape over iscsi:// instead of the
# virtual drive.  Run under tgt-harness.sh, which starts a private tgtd
# with a fresh cartridge and exports STTAPE_ISCSI_URL.  The layout checks
# read the cartridge back through libsttape's drive layer over the same
# URL (sttape-layout) after stfused has stopped.
#
# SCENARIO is one of run.sh's own or a tgt_* variant from
# stfused-tgt-scenarios.sh; stfused runs in its default configuration,
# which matches tgtd's tape with the built-in quirk entry of
# quirks/emulators.quirks.  docs/interop-tgt.md lists the scenarios tgtd
# cannot support.
# Env (set by CMake): STFUSED, STFUSED_LAYOUT, plus run.sh's own.
set -euo pipefail

scenario=${1:?scenario}
here=$(cd "$(dirname "$0")" && pwd)
[ -n "${STTAPE_ISCSI_URL:-}" ] || {
	echo "stfused-e2e: STTAPE_ISCSI_URL unset (run under tgt-harness.sh)" >&2
	exit 2
}
export E2E_DEVICE=$STTAPE_ISCSI_URL
export E2E_LAYOUT=${STFUSED_LAYOUT:?}
export E2E_EXTRA_SCENARIOS=$here/stfused-tgt-scenarios.sh

# The blank cartridge must read back empty before the scenario starts,
# so a layout check cannot pass on what some other run left there.
got=$("$E2E_LAYOUT" "$E2E_DEVICE") || {
	echo "stfused-e2e: cannot read the fresh cartridge" >&2
	exit 1
}
[ "$got" = "EOD" ] || {
	echo "stfused-e2e: fresh cartridge is not blank: $got" >&2
	exit 1
}

exec "$here/../e2e/run.sh" "$scenario"

#!/usr/bin/env bash
# The package as another project gets it: `npm pack` (whose prepare script builds dist/src), the
# tarball installed into a fresh temporary project (its dependencies from the registry), then the
# command line (`npx racecheck check`, `npx racecheck gate`) and the library (`import ... from
# 'racecheck'`, type-checked against the shipped declarations) run there. .ci/run runs this on every
# run. With RACECHECK_GIT_DEPENDENCY=1 it also installs the committed HEAD as a git dependency
# (npm clones it, installs its dev dependencies and runs prepare), which takes longer.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/racecheck-package-XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "package check: $*" >&2; exit 1; }

cd "$root"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
[ -f "$tarball" ] || fail "npm pack wrote no tarball"
listing="$(tar -tzf "$tarball")"
for needed in package/bin/racecheck.js package/dist/src/cli/main.js package/dist/src/index.js \
  package/dist/src/index.d.ts package/dist/src/explore/worker.js package/README.md package/LICENSE; do
  grep -qx "$needed" <<<"$listing" || fail "$(basename "$tarball") lacks ${needed#package/}"
done
if grep -E '^package/(dist/(test|bench|scripts)/|src/|test/|models/|.*\.map$)' <<<"$listing"; then
  fail "$(basename "$tarball") ships the files above, which neither the CLI nor the library needs"
fi
echo "package check: $(basename "$tarball"), $(wc -l <<<"$listing") files"

# A project that has never seen racecheck.
project="$work/project"
mkdir -p "$project/specs"
cd "$project"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$tarball"

cat >lost_update.race <<'EOF'
model "lost update: two CPUs increment a shared counter without a lock"
const CPUS = 2
var counter: 0..CPUS = 0
process cpu[i in 1..CPUS] "CPU {i}" {
  call inc_counter() {
    var tmp: 0..CPUS = 0
    step READ_ONCE(counter) { tmp = counter } --> "reads {tmp}"
    step WRITE_ONCE(counter, tmp + 1) { counter = tmp + 1 } --> "writes {counter}"
  }
}
final no_lost_update: counter == CPUS
EOF
sed -e 's/without a lock/under a lock/' \
  -e 's/^var counter.*/&\nvar locked: bool = false/' \
  -e 's/step READ_ONCE(counter) { tmp = counter }/step spin_lock(\&lock) { await !locked  locked = true }\n    &/' \
  -e 's/step WRITE_ONCE(counter, tmp + 1) { counter = tmp + 1 }/step WRITE_ONCE(counter, tmp + 1) { counter = tmp + 1  locked = false }/' \
  lost_update.race >locked_update.race
cat >specs/counter.spec <<'EOF'
spec "the lock keeps every increment" {
  model "../locked_update.race"
  expect no_lost_update holds
}
spec "without it, one is lost" {
  model "../lost_update.race"
  expect no_lost_update violated
}
EOF

expect_exit() {
  local want="$1"
  shift
  local got=0
  "$@" >"$work/out" 2>&1 || got=$?
  if [ "$got" != "$want" ]; then
    cat "$work/out" >&2
    fail "'$*' exited $got, expected $want"
  fi
}
expect_exit 0 npx racecheck --version
grep -qx "$(node -p "require('$root/package.json').version")" "$work/out" || fail "--version printed $(cat "$work/out")"
expect_exit 1 npx racecheck check lost_update.race
grep -q 'VIOLATED no_lost_update' "$work/out" || fail "check lost_update.race drew no violation"
grep -q 'CPU 1 .*CPU 2' "$work/out" || fail "check lost_update.race drew no diagram"
expect_exit 0 npx racecheck check locked_update.race
grep -q 'holds .*no_lost_update' "$work/out" || fail "check locked_update.race: $(cat "$work/out")"
expect_exit 0 npx racecheck gate --junit gate.xml
grep -q '<testcase ' gate.xml || fail "gate wrote no JUnit test case"
echo "package check: npx racecheck check and gate work in a fresh project"

# The library, from JavaScript and from TypeScript (strict, against the shipped declarations only).
cat >use.mjs <<'EOF'
import { check, loadModel, renderDiagram } from 'racecheck';
const result = await check(loadModel('lost_update.race'));
if (result.exit !== 'violated' || !renderDiagram(result.traces[0]).includes('READ_ONCE(counter)')) process.exit(1);
console.log('library: lost_update.race is', result.exit);
EOF
expect_exit 0 node use.mjs
cat >use.mts <<'EOF'
import { type CheckResult, check, loadModel, renderDiagram } from 'racecheck';
const result: CheckResult = await check(loadModel('lost_update.race', { constants: { CPUS: 3 } }));
const drawn: string[] = result.traces.map((t) => renderDiagram(t));
export const exit: 'ok' | 'violated' | 'error' | 'limit' = result.exit;
export const lines: number = drawn.join('').split('\n').length;
EOF
cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext",
    "strict": true, "noEmit": true, "skipLibCheck": false, "types": []
  },
  "files": ["use.mts"]
}
EOF
expect_exit 0 "$root/node_modules/.bin/tsc" -p .
echo "package check: the library imports and type-checks from the installed package"

if [ "${RACECHECK_GIT_DEPENDENCY:-}" = 1 ]; then
  git="$work/git-project"
  mkdir -p "$git"
  cd "$git"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --silent "git+file://$root#$(git -C "$root" rev-parse HEAD)"
  cp "$project/lost_update.race" .
  expect_exit 1 npx racecheck check lost_update.race
  echo "package check: a git dependency on HEAD builds and runs"
fi

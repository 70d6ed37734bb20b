#!/usr/bin/env bash
# Vendor the report page's graph drawing library into graph/report_assets/.
#
# The report page (graph/report.py) must open from disk with no network, so the JavaScript it
# needs is bundled once here, committed, and inlined into OUT/index.html at run time. Run this
# script only to upgrade: it fetches the pinned packages with npm into a temporary folder, bundles
# them with esbuild into one minified IIFE (global `GuanxiVendor`), and writes next to the bundle
# the exact versions and licences (VENDOR.md) and every bundled package's licence text (LICENSES.txt).
#
# Usage: scripts/vendor-web.sh        (needs node >= 18 and npm; reaches the npm registry)
set -euo pipefail

# Pinned versions: change here, re-run, review the diff of graph/report_assets/.
SIGMA=3.0.2
GRAPHOLOGY=0.26.0
FA2=0.10.1
ESBUILD=0.25.12

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/graph/report_assets"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
cat > package.json <<JSON
{"name": "guanxi-report-vendor", "private": true, "version": "0.0.0"}
JSON
npm install --no-audit --no-fund --save-exact \
  "sigma@$SIGMA" "graphology@$GRAPHOLOGY" "graphology-layout-forceatlas2@$FA2" "esbuild@$ESBUILD" >/dev/null

cat > entry.js <<'JS'
// What the report page uses; exposed as the global `GuanxiVendor`.
import Graph from "graphology";
import Sigma from "sigma";
import forceAtlas2 from "graphology-layout-forceatlas2";
export { Graph, Sigma, forceAtlas2 };
JS

npx esbuild entry.js --bundle --minify --format=iife --global-name=GuanxiVendor \
  --target=es2019 --legal-comments=none --metafile=meta.json --outfile=vendor.min.js --log-level=warning

mkdir -p "$dest"
cp vendor.min.js "$dest/vendor.min.js"

# Licences and versions of every package that ended up in the bundle (from esbuild's metafile).
node - "$dest" <<'JS'
const fs = require("fs");
const path = require("path");
const dest = process.argv[2];
const meta = JSON.parse(fs.readFileSync("meta.json", "utf8"));
const pkgs = new Map();
for (const input of Object.keys(meta.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) pkgs.set(m[1], path.join("node_modules", m[1]));
}
const rows = [];
let texts = "";
for (const [name, dir] of [...pkgs.entries()].sort()) {
  const pj = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const lic = typeof pj.license === "string" ? pj.license : JSON.stringify(pj.license);
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  if (!file) throw new Error(`${name}: no licence file in the package`);
  rows.push(`| ${name} | ${pj.version} | ${lic} | ${pj.homepage || ""} |`);
  texts += `==== ${name}@${pj.version} (${lic}) ====\n\n${fs.readFileSync(path.join(dir, file), "utf8").trim()}\n\n`;
}
fs.writeFileSync(path.join(dest, "LICENSES.txt"), texts);
const esb = JSON.parse(fs.readFileSync("node_modules/esbuild/package.json", "utf8")).version;
fs.writeFileSync(
  path.join(dest, "VENDOR.md"),
  `# Vendored JavaScript for the report page\n\n` +
    `\`vendor.min.js\` is written by \`scripts/vendor-web.sh\` (esbuild ${esb}, IIFE, global \`GuanxiVendor\`)\n` +
    `and inlined into \`OUT/index.html\`; nothing is fetched at run time. Bundled packages:\n\n` +
    `| package | version | licence | homepage |\n| --- | --- | --- | --- |\n${rows.join("\n")}\n\n` +
    `Licence texts: \`LICENSES.txt\`. \`report.js\` and \`report.css\` are guanxi's own code (MIT).\n`
);
JS
echo "vendored into $dest:"
ls -l "$dest/vendor.min.js" "$dest/VENDOR.md" "$dest/LICENSES.txt"

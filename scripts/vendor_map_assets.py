#!/usr/bin/env python3
"""Vendor the corridor map's browser assets into docs/assets/vendor/, reproducibly.

Visitors in mainland China cannot rely on foreign CDNs, so every script, stylesheet and image
the map loads is served from our own site. This script fetches exactly those files from the
npm registry (through `npm pack`, which checks the registry's integrity hash), copies them to
`docs/assets/vendor/<package>/<version>/`, together with the package's licence, and records
what it did in `docs/assets/vendor/MANIFEST.json`: package, version, registry integrity,
licence, and the size and SHA-256 of every file. The result is committed.

The map needs Leaflet only: folium's other defaults (jQuery, Bootstrap, Font Awesome,
Leaflet.awesome-markers) are replaced by inline SVG symbols and our own popup element.

    python scripts/vendor_map_assets.py          # fetch and write (needs the npm registry)
    python scripts/vendor_map_assets.py --check  # offline: the files match the manifest
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "docs" / "assets" / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    license: str
    license_file: str
    # file in the package → file under <name>/<version>/
    files: dict[str, str]


PACKAGES = [
    Package(
        name="leaflet",
        version="1.9.4",
        license="BSD-2-Clause",
        license_file="LICENSE",
        files={
            "dist/leaflet.js": "leaflet.js",
            "dist/leaflet.css": "leaflet.css",
            # The images leaflet.css refers to (the layer control's icon, the default marker's
            # path probe), so the stylesheet never points at a missing file.
            "dist/images/layers.png": "images/layers.png",
            "dist/images/layers-2x.png": "images/layers-2x.png",
            "dist/images/marker-icon.png": "images/marker-icon.png",
        },
    ),
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(package: Package, work: Path) -> tuple[Path, str]:
    """The unpacked package folder and the registry's integrity string."""
    spec = f"{package.name}@{package.version}"
    result = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(work)],
        capture_output=True,
        text=True,
        check=True,
        cwd=work,
    )
    (packed,) = json.loads(result.stdout)
    if packed["version"] != package.version:
        raise SystemExit(f"npm gave {packed['id']}, expected {spec}")
    unpacked = work / package.name
    with tarfile.open(work / packed["filename"]) as archive:
        archive.extractall(unpacked, filter="data")
    return unpacked / "package", packed["integrity"]


def vendor() -> dict[str, object]:
    entries = []
    with tempfile.TemporaryDirectory() as temp:
        for package in PACKAGES:
            source, integrity = fetch(package, Path(temp))
            target = VENDOR / package.name / package.version
            files = {**package.files, package.license_file: package.license_file}
            listed = []
            for inside, relative in files.items():
                destination = target / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes((source / inside).read_bytes())
                listed.append(
                    {
                        "path": destination.relative_to(VENDOR).as_posix(),
                        "from": inside,
                        "bytes": destination.stat().st_size,
                        "sha256": sha256(destination),
                    }
                )
            entries.append(
                {
                    "name": package.name,
                    "version": package.version,
                    "source": f"npm registry, {package.name}@{package.version}",
                    "integrity": integrity,
                    "license": package.license,
                    "license_file": f"{package.name}/{package.version}/{package.license_file}",
                    "files": listed,
                }
            )
    return {
        "generated_by": "scripts/vendor_map_assets.py",
        "packages": entries,
    }


def check() -> list[str]:
    """What differs between the manifest and the files on disk (empty when they agree)."""
    if not MANIFEST.is_file():
        return [f"{MANIFEST.relative_to(ROOT)} is missing: run scripts/vendor_map_assets.py"]
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    wanted = {(p.name, p.version) for p in PACKAGES}
    found = {(p["name"], p["version"]) for p in manifest["packages"]}
    errors = [f"manifest lacks {n}@{v}" for n, v in sorted(wanted - found)]
    errors += [f"manifest has unexpected {n}@{v}" for n, v in sorted(found - wanted)]
    for package in manifest["packages"]:
        for file in package["files"]:
            path = VENDOR / file["path"]
            if not path.is_file():
                errors.append(f"{file['path']} is missing")
            elif sha256(path) != file["sha256"]:
                errors.append(f"{file['path']} differs from the manifest")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify offline, change nothing")
    args = parser.parse_args()
    if args.check:
        errors = check()
        for error in errors:
            print(error, file=sys.stderr)
        return 1 if errors else 0
    manifest = vendor()
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {MANIFEST.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The release archive: dist/<dataset>-<version>.zip holding every published file of a build, and a SHA256SUMS
file beside it (`make release`, `python -m pipeline release`).

The same build gives the same bytes: entries in sorted order under one folder named like the archive, each
dated the release's day (from the changelog), with the same permissions (0644) and the same compression.
The build is checked first: every file its manifest lists is there with the content it records, and its data
package has the version of the changelog's newest release. The intermediate layer (what `check` re-reads)
and the build's own manifest are not published, so they are left out; a README.txt says what is where.
"""
import hashlib
import json
import tomllib
import zipfile
from pathlib import Path

from pipeline.core.errors import OutputError
from pipeline.core.paths import ROOT
from pipeline.publish.datapackage import PACKAGE, current_release
from pipeline.publish.workspace import MANIFEST, complete, read_manifest

# Not published: what `python -m pipeline check` re-reads, and the build's list of its own files.
LEFT_OUT = ("intermediate/", MANIFEST)
# From the repository, for whoever has only the archive: the terms, how to cite, what changed.
BESIDE = ("LICENSE", "CITATION.cff", "CHANGELOG.md")
SUMS = "SHA256SUMS"
# The archive's own README.txt: what someone who has only the archive needs first.
README = """{name} {version} ({date})

The occupations open to third-country nationals in each region of France in 2008, by ROME code, from
the circulaire IMIN0800012C (7 January 2008) and the arrêté IMID0800328A (18 January 2008, the
binding list), with every defect of the texts found and documented. Nothing here needs Python.

Start here: site/index.html, in a browser (keep the folder whole: the page links to the files beside it).

  csv/openings_by_region.csv   one row per source, region and occupation open there
  csv/*.csv                    every table (UTF-8, comma, codes as text: read them as text)
  parquet/*.parquet            the same tables, typed
  metiers.duckdb               the same tables and views; DuckDB 1.1.0 or later opens it
  datapackage.json             Frictionless Data Package: every table's schema, the sources, the licence
  openings.png                 the openings as a picture
  data-docs/index.html         the Great Expectations validation of every table

Licence: the data is under the Licence Ouverte / Open Licence 2.0 (etalab-2.0); see LICENSE.
Cite it: CITATION.cff. What changed, release by release: CHANGELOG.md.
Check the download: sha256sum -c SHA256SUMS, beside the archive.
An error in the data? Report it with the code, the region, the source (IMID0800328A or IMIN0800012C)
and its line (source_line in csv/listings.csv), and what the text says there.
"""
PERMISSIONS = 0o100644 << 16  # a regular file, rw-r--r--


def dataset_name() -> str:
    return tomllib.loads(PACKAGE.read_text(encoding="utf-8"))["name"]


def archive_name(version: str | None = None) -> str:
    """`metiers-ouverts-2008-1.2.0.zip`: the dataset's name and the version (the newest release by default)."""
    return f"{dataset_name()}-{version or current_release().version}.zip"


def published_files(build: Path) -> list[str]:
    """The build's published files (paths inside it, sorted), once it is checked whole and of this version."""
    manifest = read_manifest(build / MANIFEST)
    if manifest is None or not complete(build):
        raise OutputError("not a whole build (a file is missing or differs from its manifest): run make build",
                          str(build))
    version = current_release().version
    package = json.loads((build / "datapackage.json").read_text(encoding="utf-8"))
    if package.get("version") != version:
        raise OutputError(f"the build is of version {package.get('version')}, the changelog's newest release is "
                          f"{version}: run make build", str(build))
    return sorted(f["path"] for f in manifest["files"] if not f["path"].startswith(LEFT_OUT))


def entry(name: str, day: tuple[int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(*day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever the system that writes it
    info.external_attr = PERMISSIONS
    return info


def write(build: Path, dist: Path, root: Path = ROOT) -> Path:
    """Write dist/<dataset>-<version>.zip of the build, and dist/SHA256SUMS; the archive's path."""
    release = current_release()
    files = {path: build / path for path in published_files(build)}
    files |= {name: root / name for name in BESIDE}
    name = archive_name(release.version)
    folder = name.removesuffix(".zip")
    day = tuple(int(part) for part in release.date.split("-"))
    dist.mkdir(parents=True, exist_ok=True)
    target, partial = dist / name, dist / f".{name}.partial"
    contents = {path: file.read_bytes() for path, file in files.items()}
    contents["README.txt"] = README.format(name=dataset_name(), version=release.version, date=release.date).encode()
    with zipfile.ZipFile(partial, "w") as archive:
        for path in sorted(contents):
            archive.writestr(entry(f"{folder}/{path}", day), contents[path], compresslevel=9)
    partial.replace(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    (dist / SUMS).write_text(f"{digest}  {name}\n", encoding="utf-8")
    return target


def tag_command(version: str | None = None) -> str:
    """The git command that tags the release."""
    version = version or current_release().version
    return f'git tag -a v{version} -m "{dataset_name()} {version}"'

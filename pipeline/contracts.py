"""Contracts between stages: a pandera DataFrameModel per published table, validated lazily.

Every failure of every table is collected (pandera's lazy mode) and turned into a `contract`
finding that points at the source line of the failing row, where the table has one.
"""
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from pandera.typing import Series

CODE = r"^\d{5}$"
REGION = r"^\d{2}$"
Text = Series[pd.StringDtype]
Int = Series[pd.Int64Dtype]
Bool = Series[pd.BooleanDtype]


class Sources(pa.DataFrameModel):
    source_id: Text = pa.Field(unique=True)
    kind: Text = pa.Field(isin=["circulaire", "arrete"])
    title: Text = pa.Field(nullable=True)
    date: Text = pa.Field(str_matches=r"^\d{4}-\d{2}-\d{2}$", nullable=True)
    nor: Text = pa.Field(nullable=True)
    file: Text
    format: Text = pa.Field(isin=["text", "pdf"])
    sha256: Text = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    nor_as_printed: Text = pa.Field(nullable=True)
    printed_date: Text = pa.Field(nullable=True)
    subject: Text = pa.Field(nullable=True)
    encoding: Text = pa.Field(nullable=True)
    provenance: Text = pa.Field(nullable=True)
    licence: Text = pa.Field(nullable=True)
    nor_line: Int = pa.Field(ge=1, nullable=True)
    ocr_engine: Text = pa.Field(nullable=True)
    ocr_engine_version: Text = pa.Field(nullable=True)
    ocr_language: Text = pa.Field(nullable=True)
    ocr_dpi: Int = pa.Field(ge=1, nullable=True)

    class Config:
        strict = True


class Listings(pa.DataFrameModel):
    source_id: Text
    list_scope: Text = pa.Field(isin=["national", "regional"])
    region_code: Text = pa.Field(str_matches=REGION, nullable=True)
    position: Int = pa.Field(ge=1)
    rome_code_as_printed: Text = pa.Field(nullable=True)
    rome_code: Text = pa.Field(str_matches=CODE)
    label_as_printed: Text = pa.Field(str_length={"min_value": 1})
    label: Text
    source_line: Int = pa.Field(ge=1, nullable=True)
    source_page: Int = pa.Field(ge=1, nullable=True)
    region_name_as_printed: Text = pa.Field(nullable=True)

    class Config:
        strict = True
        unique = ["source_id", "list_scope", "region_code", "position"]

    @pa.dataframe_check
    def national_has_no_region(cls, df: pd.DataFrame) -> Series[bool]:
        return (df.list_scope == "national") == df.region_code.isna()


class Regions(pa.DataFrameModel):
    source_id: Text
    region_code: Text = pa.Field(str_matches=REGION)
    region_name: Text
    region_name_as_printed: Text
    stated_count: Int = pa.Field(ge=0, nullable=True)
    listed_count: Int = pa.Field(ge=0)
    open_count: Int = pa.Field(ge=0)
    region_2016_code: Text = pa.Field(str_matches=REGION)
    region_2016_name: Text
    source_line: Int = pa.Field(ge=1, nullable=True)
    stated_count_line: Int = pa.Field(ge=1, nullable=True)

    class Config:
        strict = True
        unique = ["source_id", "region_code"]


class Occupations(pa.DataFrameModel):
    source_id: Text
    rome_code: Text = pa.Field(str_matches=CODE)
    label: Text
    label_variants: Text
    in_national_list: Bool
    regions_listing: Text = pa.Field(nullable=True)
    label_variant_count: Int = pa.Field(ge=1)

    class Config:
        strict = True
        unique = ["source_id", "rome_code"]


class Openings(pa.DataFrameModel):
    source_id: Text
    region_code: Text = pa.Field(str_matches=REGION)
    rome_code: Text = pa.Field(str_matches=CODE)
    basis: Text = pa.Field(isin=["national", "regional", "both"])

    class Config:
        strict = True
        unique = ["source_id", "region_code", "rome_code"]


class Findings(pa.DataFrameModel):
    source_id: Text
    check: Text
    severity: Text = pa.Field(isin=["error", "warning", "info"])
    status: Text = pa.Field(isin=["open", "corrected", "acknowledged"])
    region_code: Text = pa.Field(str_matches=REGION, nullable=True)
    rome_code: Text = pa.Field(nullable=True)
    source_line: Int = pa.Field(ge=1, nullable=True)
    message: Text

    class Config:
        strict = True


class LabelMatches(pa.DataFrameModel):
    source_id: Text
    label_as_printed: Text
    rome_code: Text = pa.Field(str_matches=CODE, nullable=True)
    method: Text = pa.Field(isin=["exact", "normalized", "similar", "curated"], nullable=True)
    score: Series[pd.Float64Dtype] = pa.Field(ge=0, le=1, nullable=True)

    class Config:
        strict = True
        unique = ["source_id", "label_as_printed"]


class SourceDifferences(pa.DataFrameModel):
    source_id_a: Text
    source_id_b: Text
    region_code: Text = pa.Field(str_matches=REGION)
    rome_code: Text = pa.Field(str_matches=CODE)
    in_a: Bool
    in_b: Bool
    label_a: Text = pa.Field(nullable=True)
    label_b: Text = pa.Field(nullable=True)

    class Config:
        strict = True
        unique = ["source_id_a", "source_id_b", "region_code", "rome_code"]

    @pa.dataframe_check
    def sides_differ(cls, df: pd.DataFrame) -> Series[bool]:
        return df.in_a != df.in_b


MODELS = {"sources": Sources, "listings": Listings, "regions": Regions, "occupations": Occupations,
          "openings": Openings, "findings": Findings, "label_matches": LabelMatches,
          "source_differences": SourceDifferences}
COLUMNS = ["source_id", "check", "region_code", "rome_code", "source_line", "message"]


def check(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Validate every table against its model; every failure as a `contract` finding."""
    frames = [failures(name, tables[name], model) for name, model in MODELS.items()]
    found = pd.concat(frames, ignore_index=True)
    return found.assign(severity="error", status="open")


def failures(name: str, frame: pd.DataFrame, model) -> pd.DataFrame:
    try:
        model.validate(frame, lazy=True)
        return pd.DataFrame(columns=COLUMNS)
    except SchemaErrors as exc:
        cases = exc.failure_cases
    out = []
    for case in cases.itertuples():
        row = frame.loc[case.index] if pd.notna(case.index) and case.index in frame.index else None
        out.append({
            "source_id": (row.get("source_id") if row is not None else None) or "pipeline",
            "check": "contract", "region_code": None, "rome_code": None,
            "source_line": row.get("source_line") if row is not None and "source_line" in row else None,
            "message": f"{name}.{case.column if pd.notna(case.column) else '*'}: "
                       f"{case.failure_case!r} fails {case.check}",
        })
    return pd.DataFrame(out, columns=COLUMNS)

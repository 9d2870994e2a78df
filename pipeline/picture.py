"""The region × occupation matrix as a heatmap (PNG bytes): one panel per kind of source (the first
source of each kind: the circular, then the arrêté)."""
import io

import pandas as pd

COLOURS = {"": "#f2f2f2", "regional": "#4c9be8", "national": "#f5a623", "both": "#7b3fa0"}


def wide(openings: pd.DataFrame, regions: pd.DataFrame, occupations: pd.DataFrame) -> pd.DataFrame:
    """One row per source and region, one column per ROME code (nationwide ones first): the basis, or ''."""
    codes = national_first(occupations)
    matrix = (openings.pivot_table(index=["source_id", "region_code"], columns="rome_code", values="basis",
                                   aggfunc="first")
              .reindex(columns=codes).fillna("").astype(str))
    names = regions.set_index(["source_id", "region_code"]).region_name
    matrix.insert(0, "region_name", names.reindex(matrix.index).values)
    matrix.columns.name = None
    return matrix.reset_index().sort_values(["source_id", "region_code"]).reset_index(drop=True)


def national_first(occupations: pd.DataFrame) -> list[str]:
    flags = occupations.groupby("rome_code").in_national_list.any()
    return sorted(flags.index, key=lambda code: (not flags[code], code))


def panels(sources: pd.DataFrame) -> list[str]:
    """The first source of each kind, circulars first."""
    order = sources.assign(rank=(sources.kind != "circulaire").astype(int)).sort_values(["rank", "source_id"])
    return order.drop_duplicates("kind").source_id.tolist()


def png(matrix: pd.DataFrame, occupations: pd.DataFrame, sources: pd.DataFrame) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    codes = [c for c in matrix.columns if c not in ("source_id", "region_code", "region_name")]
    n_national = int(occupations.groupby("rome_code").in_national_list.any().reindex(codes).sum())
    sources = panels(sources)
    fig, axes = plt.subplots(len(sources), 1, figsize=(14, 6.5 * len(sources)), squeeze=False)
    cmap = ListedColormap(list(COLOURS.values()))
    index = {basis: i for i, basis in enumerate(COLOURS)}
    for ax, source in zip(axes[:, 0], sources):
        part = matrix[matrix.source_id == source]
        ax.imshow(part[codes].apply(lambda col: col.map(index)).values, cmap=cmap, vmin=0, vmax=len(COLOURS) - 1,
                  aspect="auto", interpolation="nearest")
        ax.set_yticks(range(len(part)), [f"{c} {n}" for c, n in zip(part.region_code, part.region_name)], fontsize=8)
        ax.set_xticks(range(len(codes)), codes, rotation=90, fontsize=7)
        ax.axvline(n_national - 0.5, color="black", linewidth=1.5)
        ax.set_title(f"{source}: occupations open by region (nationwide list left of the line)", fontsize=10)
    fig.legend(handles=[Patch(color=c, label=b or "not open") for b, c in COLOURS.items()], loc="lower center",
               ncol=4, frameon=False)
    fig.subplots_adjust(left=0.2, right=0.98, top=0.96, bottom=0.08, hspace=0.25)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()

"""The openings matrix as a picture (PNG bytes): one panel per kind of source (the first source of each
kind: the circular, then the arrêté), side by side, occupations down the left with their labels, regions
across. It draws the matrix it is given (pipeline.transform.normalize.openings_matrix) and computes nothing of it."""
import io
import textwrap

import numpy as np
import pandas as pd

from pipeline.core.text import short_title

COLOURS = {"": "#f2f2f2", "regional": "#4c9be8", "national": "#f5a623", "both": "#7b3fa0"}
ROLE = {"circulaire": "an instruction to prefects", "arrete": "the binding list"}
LABEL_WIDTH = 60
# Up to this many occupations, each has a row of its own (0.3 inch, labelled, bordered). Beyond, the picture keeps
# that height and every k-th occupation is labelled: its size, and the memory and time drawing it takes, stop
# growing with the rows (a row a code made the picture, the build's largest object, grow with them: 1,000 codes
# took 550 MB and 27 s to draw, 3,000 codes 1.6 GB).
ROWS_DRAWN = 150


def panels(sources: pd.DataFrame) -> list[str]:
    """The first source of each kind, circulars first."""
    order = sources.assign(rank=(sources.kind != "circulaire").astype(int)).sort_values(["rank", "source_id"])
    return order.drop_duplicates("kind").source_id.tolist()


def code_labels(occupations: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """Each code's label: as the binding text (the arrêté) prints it, else as the circular does."""
    kinds = sources.set_index("source_id").kind
    ranked = occupations.assign(rank=(occupations.source_id.map(kinds) != "arrete").astype(int))
    first = ranked.sort_values(["rank", "source_id"]).drop_duplicates("rome_code")
    return dict(zip(first.rome_code, first.label))


def leading_nationwide(part: pd.DataFrame) -> int:
    """How many of the first columns are open in every region through a nationwide list (the matrix puts
    the nationwide codes first); 0 for a source with no nationwide list."""
    nationwide = part.isin(["national", "both"]).all().tolist() + [False]
    return nationwide.index(False)


def png(matrix: pd.DataFrame, occupations: pd.DataFrame, sources: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    figure(matrix, occupations, sources).savefig(buffer, format="png", dpi=80, metadata={"Software": None})
    return buffer.getvalue()


def figure(matrix: pd.DataFrame, occupations: pd.DataFrame, sources: pd.DataFrame):
    # A Figure of its own, drawn by Agg when saved: no pyplot, whose import and figure registry cost time.
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    codes = [c for c in matrix.columns if c not in ("source_id", "region_code", "region_name")]
    labels = code_labels(occupations, sources)
    shown = panels(sources)
    info = sources.set_index("source_id")
    fig = Figure(figsize=(7 + 5.5 * len(shown), 3 + 0.3 * min(len(codes), ROWS_DRAWN)))
    step = -(-len(codes) // ROWS_DRAWN)  # 1 up to ROWS_DRAWN codes
    axes = fig.subplots(1, len(shown), squeeze=False)
    cmap = ListedColormap(list(COLOURS.values()))
    index = {basis: i for i, basis in enumerate(COLOURS)}
    for ax, source in zip(axes[0], shown):
        part = matrix[matrix.source_id == source]
        ax.imshow(np.vectorize(index.__getitem__)(part[codes].to_numpy()).T, cmap=cmap, vmin=0,
                  vmax=len(COLOURS) - 1, aspect="auto", interpolation="nearest")
        ax.set_xticks(range(len(part)), part.region_name, rotation=50, ha="right", rotation_mode="anchor",
                      fontsize=9)
        ax.set_yticks([])
        # The cells' borders: two collections of lines, not minor ticks and a grid (each tick an object to draw).
        ax.vlines([x - 0.5 for x in range(1, len(part))], -0.5, len(codes) - 0.5, color="white", linewidth=0.6)
        if step == 1:
            ax.hlines([y - 0.5 for y in range(1, len(codes))], -0.5, len(part) - 0.5, color="white", linewidth=0.6)
        kind = info.kind[source]
        national = leading_nationwide(part[codes])
        if national:
            ax.axhline(national - 0.5, color="black", linewidth=1.5)
            note = f"the {national} occupations above the line are on its nationwide list"
        else:
            note = "no nationwide list: each region's list prints every occupation open there"
        ax.set_title(f"{short_title(info.title[source])} ({ROLE.get(kind, kind)})\n{note}", fontsize=11)
    # The occupations are named once, left of the first panel.
    axes[0][0].set_yticks(range(0, len(codes), step), [
        f"{c}  {textwrap.shorten(labels.get(c, ''), LABEL_WIDTH, placeholder='…')}" for c in codes[::step]], fontsize=9)
    fig.suptitle("Occupations open to third-country nationals in each region of France, 2008", fontsize=15,
                 fontweight="bold")
    fig.legend(handles=[Patch(color=c, label=b or "not open") for b, c in COLOURS.items()], loc="lower center",
               ncol=4, frameon=False, fontsize=10)
    fig.subplots_adjust(left=0.25, right=0.99, top=1 - 1.1 / fig.get_figheight(),
                        bottom=1.9 / fig.get_figheight(), wspace=0.05)
    return fig

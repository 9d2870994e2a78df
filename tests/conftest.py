import os

import pytest

os.environ["GX_ANALYTICS_ENABLED"] = "False"

from pipeline.build import build  # noqa: E402
from pipeline.paths import Layout  # noqa: E402
from tests.helpers import quiet  # noqa: E402


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """The real sources built once, Great Expectations included, into a temporary folder."""
    out = tmp_path_factory.mktemp("build")
    build(Layout(out=out), out=quiet())
    return out

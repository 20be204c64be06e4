import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from jars import local_session  # noqa: E402


@pytest.fixture(scope="session")
def spark():
    session = local_session("descent-spark mlflow tests")
    yield session
    session.stop()

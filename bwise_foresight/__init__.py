"""B-WISE Foresight: scenario projections of workforce and competence needs in WISEs.

The library is pure (no Streamlit): data in, data or Plotly figures out.
"""

from .baseline import Baseline, load_baseline
from .errors import DataError, InputError, Problem, ScenarioError
from .model import VARIABLES, Parameters, Projection, project, resolve, run
from .scenario import Range, Scenario, list_scenarios, load_scenario, scenario_from_text

__version__ = "0.1.0"

__all__ = [
    "VARIABLES",
    "Baseline",
    "DataError",
    "InputError",
    "Parameters",
    "Problem",
    "Projection",
    "Range",
    "Scenario",
    "ScenarioError",
    "__version__",
    "list_scenarios",
    "load_baseline",
    "load_scenario",
    "project",
    "resolve",
    "run",
    "scenario_from_text",
]

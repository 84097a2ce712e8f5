"""Where evaluations find data kept elsewhere in the repository (never outside it).

Data written by others lives, with its licences, in tests/fixtures/; the contracts in
docs/spec/. Both exist in a clone of the repository, not in an installed wheel: readers
check that a path exists and say so when it does not.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SPEC = REPO / "docs" / "spec"
BITEXT_CSV = (FIXTURES / "bitext_customer_support"
              / "Bitext_Sample_Customer_Support_Training_Dataset.csv")

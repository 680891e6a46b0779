"""The number rules' layer and detectors; lint/kinds/numbers.py is the kind that dispatches to them."""

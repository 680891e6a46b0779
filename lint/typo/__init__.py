"""The typo engine behind lint/kinds/typos.py: the statistical detector (detect.py) over the KenLM
models (lm.py), the 得-for-的 detector (dedide.py), idiom slips (idiom.py), the optional pycorrector
backends (backends.py) and obtaining the character model (fetch.py)."""

"""``newslint serve``: a warm HTTP service (native API and a LanguageTool-compatible one). Needs the ``server``
extra (starlette, uvicorn, python-multipart); lint/serve.py is the command-line front end."""

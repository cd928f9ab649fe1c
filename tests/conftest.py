"""For every test: jobs run in the test's own process unless a test starts a worker pool itself.

app.py starts a pool of worker processes (`SHAPELAB_WORKERS`, one per core by default); AppTest runs
app.py in the test process, where a pool per test session would only add TensorFlow imports. The
e2e server and tests/unit/engine/test_pool.py start real pools on purpose.
"""

import os

os.environ["SHAPELAB_WORKERS"] = "0"

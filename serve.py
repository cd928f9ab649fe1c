"""Start Shape Lab: the training workers first, then `streamlit run app.py` in this same process.

Run: .venv/bin/python serve.py [streamlit options, e.g. --server.port 8501]

`streamlit run app.py` alone works too, but Streamlit runs app.py only when the first browser
connects, so its workers would start loading TensorFlow only then. Started here, they load it and
trace the lessons' default models while the web server starts, and the first click of the first
learner finds them ready. app.py's own `start_pool` call then finds this pool running.
"""

import sys

if __name__ == "__main__":  # the workers are spawned: they import this file too, and must not serve
    from streamlit.web import cli

    from lessons import engine
    from lessons.warm_up import warm_up_jobs

    engine.start_pool(warm_ups=warm_up_jobs)
    sys.argv = ["streamlit", "run", "app.py", *sys.argv[1:]]
    sys.exit(cli.main())

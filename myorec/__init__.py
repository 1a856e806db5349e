"""myorec: a week of exercise in, an explained myokine-benefit report out.

The version lives here as a literal so that start-up never has to ask
``importlib.metadata`` (which costs tens of milliseconds) what it is.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

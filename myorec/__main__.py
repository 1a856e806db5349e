"""``python -m myorec`` runs the command-line interface."""

from myorec.cli import main

main()

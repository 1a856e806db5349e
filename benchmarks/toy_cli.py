"""The floor: the smallest honest CLI on myorec's stack.

It imports click, pydantic and tabulate, builds one pydantic model, validates
seven records and prints one table. Nothing built on the same three libraries
can start faster, so myorec's start-up is measured as a ratio to this.
"""

import click
import pydantic
import tabulate


class Day(pydantic.BaseModel):
    day: str
    kind: str
    minutes: int


@click.command()
def main() -> None:
    rows = [
        Day.model_validate({"day": day, "kind": "aerobic", "minutes": 30 + index})
        for index, day in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    ]
    click.echo(tabulate.tabulate([row.model_dump() for row in rows], headers="keys", tablefmt="rounded_grid"))


if __name__ == "__main__":
    main()

"""Made-up case records for the service view's tests and benchmark, generated from varied templates.

Every name, number and place is invented (phone numbers from Ofcom's drama ranges). Some records are good
outcomes-focused records, some list only services, some are generic, some are reviews, some are about
unpaid carers, some are full of jargon; a few hold personal identifiers, quotes with commas, and new lines.
"""

from __future__ import annotations

import csv
import io
import random
from typing import Any

TEAMS = ("North", "South", "East", "West", "Hospital discharge", "Reablement")
STATUSES = ("Achieved", "partly achieved", "Not yet", "PARTLY", "not achieved", "", "in progress", "unsure")
ACTIVITIES = (
    ("get back to the bowling club", "on Saturdays", "it is where {she} sees {her} oldest friends"),
    ("walk to the paper shop", "each morning", "{she} has done it for forty years"),
    ("go to the lunch club at the church", "on Wednesdays", "{she} misses the company"),
    ("keep {her} allotment going", "this summer", "growing vegetables is what {she} loves"),
    ("stay in {her} own flat", "for as long as {she} can", "it is full of memories of {her} family"),
    ("feel safe at night", "when {her} son is away", "{she} has been frightened since the break-in"),
    ("get out into the garden", "on dry days", "being outside lifts {her} mood"),
    ("see {her} grandchildren", "at the weekend", "they are the most important thing in {her} life"),
    ("cook {her} own meals again", "most days", "{she} was a chef for thirty years"),
    ("take the bus into town", "on {her} own", "{she} wants to choose {her} own clothes"),
)
FIRST_PERSON = (
    ("get back to my walking group", "it's where I see my pals"),
    ("stay in my own home", "it's where I brought up my family"),
    ("feel safe when I go out", "I was pushed over last year"),
    ("go swimming again", "it helps my pain"),
)
QUOTES = (
    "I feel like I've disappeared since the fall",
    "I just want to be myself again",
    "I don't want to be a bother to anyone",
    "I miss the garden more than anything",
    "If I can get to the club, I'll be fine",
    "I want my own front door, that's all",
    "I'm scared of falling again, that's the truth",
    "I want to be able to make my own cup of tea",
)
HELPERS = (
    "{Her} daughter will drive {him} there for the first month",
    "{Her} son will come on Thursdays to help",
    "{Her} neighbour will walk with {him} on Mondays",
    "{She} will practise the exercises every day",
    "{She} will phone the club to ask about the times",
)
PLANS = (
    "The physio will work with {him} on balance over the next six weeks",
    "The support worker will go with {him} on the bus twice, starting next week",
    "The OT will visit on Friday to look at a rail for the back step",
    "The social worker will ask the community transport service about a Saturday run",
)
STRENGTHS = (
    "{She} is a keen gardener and very determined",
    "{She} is good with money and has a close group of friends from church",
    "{She} has a great sense of humour",
    "{She} is a skilled cook",
)
REVIEWS = (
    ("now walks to the shop twice a week", "I feel more like myself"),
    ("has been back at the bowling club three times", "It's grand to see everyone"),
    ("now makes his own breakfast", "I can manage fine now"),
)
BARRIERS = ("the bus pass has not arrived", "the rail is not fitted yet", "her hip has been sore")
SERVICE_ONLY = (
    "Package of care: {n} x daily visits for personal care, meals on wheels Mon-Fri. "
    "Referred to OT for bathing assessment. NFA.",
    "Care package continues. Home care twice daily. Input from district nurse weekly. Assessment completed.",
    "Client presenting as low in mood. Day centre placement x2 weekly. Step-down bed requested.",
)
GENERIC = (
    "Outcome: maintain safety at home and reduce risk of falls. Pendant alarm to be fitted by the "
    "community alarm service.",
    "Aim: promote independence and reduce social isolation. Referred to befriending service.",
)
DEFICIT = (
    "SU is non-compliant with medication and unable to manage ADLs. Refuses personal care. "
    "Challenging behaviour noted. MDT to review placement.",
    "Mr {initial} suffers from dementia and can't cope at home. Wheelchair-bound. Family say he is a burden.",
)
CARERS = (
    "Her husband, who cares for her, said: 'I need a break one afternoon a week so I can keep going.' "
    "Short breaks agreed on Tuesdays; he will use the time to play golf with his friends, "
    "which keeps him well.",
    "Jim cares for his mum every day. He told me, \"I'd like to know what help there is if I'm ill.\" "
    "The carers centre will send him information about emergency planning this week.",
)
IDENTIFIERS = (
    " CHI 0101801234.",
    " Tel 0131 496 0{n:03d}.",
    " Lives at EH{n2} 1AB.",
    " Email her daughter at ann{n}@example.org.",
    " DOB: {d}/0{m}/1944.",
    " Seen with Mrs Ferguson.",
)


def _record(rng: random.Random, i: int) -> str:
    kind = rng.random()
    initial = rng.choice("ABCDEFGHJKLMNPRSTW")
    if kind < 0.35:
        female = rng.random() < 0.6
        words = {
            "she": "she" if female else "he",
            "She": "She" if female else "He",
            "her": "her" if female else "his",
            "Her": "Her" if female else "His",
            "him": "her" if female else "him",
        }
        activity, when, why = (x.format(**words) for x in rng.choice(ACTIVITIES))
        parts = [
            f"{'Mrs' if female else 'Mr'} {initial} wants to {activity} {when}, because {why}.",
            f"'{rng.choice(QUOTES)},' {words['she']} said.",
        ]
        if rng.random() < 0.7:
            parts.append(rng.choice(HELPERS).format(**words) + ".")
        if rng.random() < 0.7:
            parts.append(rng.choice(PLANS).format(**words) + ".")
        if rng.random() < 0.5:
            parts.append(rng.choice(STRENGTHS).format(**words) + ".")
        text = (" " if rng.random() < 0.7 else "\n").join(parts)
    elif kind < 0.5:
        done, said = rng.choice(REVIEWS)
        text = f"Review: Mr {initial} {done}. '{said},' he told me."
        if rng.random() < 0.5:
            text += f" Not yet achieved: {rng.choice(BARRIERS)}."
    elif kind < 0.65:
        text = rng.choice(SERVICE_ONLY).format(n=rng.randint(2, 4))
    elif kind < 0.75:
        text = rng.choice(GENERIC)
    elif kind < 0.85:
        text = rng.choice(DEFICIT).format(initial=initial)
    elif kind < 0.95:
        text = rng.choice(CARERS)
    else:
        activity, why = rng.choice(FIRST_PERSON)
        text = f"I want to {activity}, because {why}."
    if rng.random() < 0.06:
        text += rng.choice(IDENTIFIERS).format(n=i % 1000, n2=1 + i % 17, d=10 + i % 18, m=1 + i % 9)
    return text


def make_rows(n: int, seed: int = 6) -> list[dict[str, Any]]:
    """``n`` made-up records with a team, an achievement status and a date each."""
    rng = random.Random(seed)  # noqa: S311 (made-up test data)
    rows = []
    for i in range(n):
        rows.append(
            {
                "Record": _record(rng, i),
                "Team": rng.choice(TEAMS),
                "Status": rng.choice(STATUSES),
                "Date": f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025",
            }
        )
    return rows


def to_csv(rows: list[dict[str, Any]], delimiter: str = ",") -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()

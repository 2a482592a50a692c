"""The `why` criterion: the many ways workers link a reason to an outcome, and the reasons that are not one.

Each case holds a recorded outcome; the positives add a reason why it matters to the person, the near-misses
add a reason for something else (a service, a clinical aim, a worker's task, an event) or none at all.
"""

from __future__ import annotations

import pytest

from outcomes_tools.checker import check

LINKED = {
    "next-sentence-where": (
        "Mrs Reid wants to keep going to the church on Sundays. It's where she met her husband."
    ),
    "says-what-keeps-going": (
        "Mr Gray wants to keep his allotment. He says the garden is what keeps him going."
    ),
    "for-him-about": "Tom wants to cook his own tea again. For him, cooking is about feeling useful.",
    "gives-day-shape": (
        "Mr Bell wants to keep walking his dog every morning. Walking the dog gives his day a shape."
    ),
    "as-only-time": (
        "Ann wants to go to the lunch club on Tuesdays, as it's the only time she gets out of the house."
    ),
    "since-thats-when": (
        "Mrs Kerr wants to keep going to the Sunday swim, since that's when she sees her grandchildren."
    ),
    "the-reason-is": "Jim wants to get back to the bowling club. The reason is that his brother plays there.",
    "this-matters-because": (
        "Sadia wants to return to the mosque on Fridays. This matters because praying with others is "
        "part of her faith."
    ),
    "which-would-mean": (
        "Mr Lyle wants to manage the stairs again, which would mean he could sleep in his own bedroom."
    ),
    "in-order-to": "Kirsty wants to learn to take the bus on her own in order to visit her mum in Kelty.",
    "so-that": "Mrs Patel wants to walk to the corner shop so that she can choose her own food.",
    "otherwise": "Mr Cole wants to get out into the garden every day, otherwise he feels trapped.",
    "to-be-near": "Mr Hunter wants to move to a flat in Portobello to be near his sister.",
    "quoted-only-place": "Joan wants to stay in her own home. 'It's the only place I feel normal,' she said.",
    "carer-says": (
        "Mr Fox wants to keep going to the football. His wife says it is the one thing he still shares "
        "with his old workmates."
    ),
    "why-this-matters-heading": (
        "Outcome: to get back to swimming at the Commonwealth Pool.\n"
        "Why this matters: she has swum there every week since she was a girl."
    ),
    "why-field": (
        "What matters to Ruth: going to her grandson's football matches.\n"
        "Why: she wants to be part of his life as he grows up."
    ),
    "after-dash": "Mr Bain wants to keep driving to Crieff – his brother lives there and can't travel.",
    "feels-like-herself": (
        "Helen wants to go back to the knitting group; she says she feels like herself there."
    ),
    "his-way-of": "Mr Wood wants to carry on fishing at the loch. That's his way of switching off.",
    "reason-to-get-up": (
        "Mr Lowe wants to get back to work at the garage. Being at work gives him a reason to get up."
    ),
    "after-colon": "Mr Dunn wants to stay at home with his dog: he couldn't bear to give her up.",
    "as-neighbours-have": (
        "Mrs Yule wants to keep her front garden tidy, as her neighbours have always admired it."
    ),
    "heart-of-his-life": (
        "Mr Khan wants to pray at the mosque each Friday. His faith is at the heart of his life."
    ),
    "makes-her-feel": (
        "Mrs Grant wants to keep her own bank card. Managing her own money makes her feel in control."
    ),
    "lifted-her-mood": "Elaine hopes to go back to the choir. Singing has always lifted her mood.",
    "helps-feel-close": (
        "Sheena wants to visit her husband's grave each week. It helps her feel close to him."
    ),
    "without-it": (
        "Mr Ogilvie wants to keep going to the bowling club. "
        "Without it, he says, he would just sit in the house."
    ),
    "memories-there": "Mrs Taylor wants to stay in Pitlochry: all her memories are there.",
    "which-would-let": "Craig wants to get a job in a kitchen, which would let him pay his own way.",
    "is-important-to-her": (
        "Mrs Ure wants to keep going to the hairdresser every Friday. Looking nice is important to her."
    ),
    "pride-and-joy": "Mr Lamb wants to get back to his pigeons. The pigeons are his pride and joy.",
    "as-gerund": "Mrs Moore wants to stay at home with her cat, as leaving would break her heart.",
    "quoted-conditional": (
        "Arthur wants to keep going to the Men's Shed. 'If I didn't have the Shed I'd go daft,' he said."
    ),
    "that-way": "Fiona wants to take her son to school herself. That way she still feels like his mum.",
    "connects-him": (
        "Mr Millar wants to keep going to the Gaelic choir; singing in Gaelic connects him with his "
        "childhood on Lewis."
    ),
    "as-they-have": (
        "Mrs Hill wants to get to her sister's in Oban at Christmas, as they have spent every Christmas "
        "together since they were girls."
    ),
    "is-how-he-stays": (
        "Dan wants to get fit enough to play five-a-side again. "
        "Football is how he stays in touch with his mates."
    ),
    "friends-go-there": (
        "Molly wants to go to the youth club on Wednesdays. Her friends from school go there and she feels "
        "left out when she misses it."
    ),
    "it-would-show": ("Ben wants to walk to school on his own – it would show everyone he is growing up."),
}

NOT_LINKED = {
    "service-because": (
        "Mrs Reid wants to get back to the lunch club on Tuesdays. Visits are moved to Thursday because her "
        "carers are off on Fridays."
    ),
    "clinical-falls-risk": (
        "Mr Bell wants to walk to the paper shop each morning. Physio to do balance exercises with him to "
        "reduce falls risk."
    ),
    "length-of-service": "Mrs Kerr wants to stay in her flat in Leith. She has been with us for years.",
    "cause-of-fall": "Jim wants to get back to the bowling club. He fell last month because the rug slipped.",
    "worker-task-so-that": (
        "Ann wants to go swimming again. I phoned the pool so that I could book the hoist."
    ),
    "worker-leave": (
        "Mr Lyle wants to keep his dog. The review was delayed as the social worker was on leave."
    ),
    "medication-since": (
        "Sadia wants to return to college. Her blood pressure tablets were changed since they were making "
        "her dizzy."
    ),
    "visit-time-so-that": (
        "Mr Cole wants to keep gardening. Home care visits are at 9am so that his tablets are given on time."
    ),
    "ot-in-order-to": (
        "Tom wants to cook his own meals. OT to assess the kitchen in order to identify equipment."
    ),
    "diet-to-reduce-risk": (
        "Mr Hunter wants to go to the football on Saturdays. "
        "He is on a soft diet to reduce the risk of choking."
    ),
    "key-safe-so-carers": "Joan wants to stay in her own home. Key safe fitted so carers can get in.",
    "missed-appointment": (
        "Mr Fox wants to get back to the allotment. He missed his appointment because the taxi did not come."
    ),
    "worker-as-letter": (
        "Ruth wants to visit her grandson. I will write to the GP as the letter has not arrived."
    ),
    "reason-for-referral": (
        "Reason for referral: falls at home.\nMrs Hay wants to get back to her church group on Sundays."
    ),
    "respite-cancelled": (
        "Mr Nairn wants to keep living with his son. Respite was cancelled because the unit had an outbreak."
    ),
    "waiting-list-since": (
        "Molly wants to go to the youth club. She is on the waiting list since the group is full."
    ),
    "admitted-because": (
        "Mrs Long wants to stay at home. She was admitted in March because of a chest infection."
    ),
    "meeting-so-that": (
        "Elaine wants to go back to the choir. The review meeting was held at her home so that her husband "
        "could attend."
    ),
    "bloods-to-monitor": "Dan wants to play five-a-side again. Bloods to be repeated to monitor his kidneys.",
    "tired-because": "Craig wants a job in a kitchen. He is tired in the mornings because he sleeps badly.",
}


@pytest.mark.parametrize("text", LINKED.values(), ids=LINKED.keys())
def test_a_reason_linked_to_the_outcome_meets_why(text: str) -> None:
    result = check(text)
    assert result.met["outcomes"], "the case must hold an outcome"
    assert result.met["why"]


@pytest.mark.parametrize("text", NOT_LINKED.values(), ids=NOT_LINKED.keys())
def test_a_reason_for_something_else_does_not_meet_why(text: str) -> None:
    result = check(text)
    assert result.met["outcomes"], "the case must hold an outcome"
    assert not result.met["why"]

"""Builders for scoring tests: one price-objection step per language and answers of known quality."""

from __future__ import annotations

from scoring.scorer import KeyPointSpec, RedFlagSpec, StepSpec

RU_REFERENCES = (
    "Понимаю, сумма заметная, и считать деньги правильно. Подскажите, с чем вы сравниваете нашу цену? "
    "Давайте я к четвергу посчитаю окупаемость на ваших цифрах.",
    "Согласен, бюджет — важный вопрос. Что для вас будет признаком, что деньги потрачены не зря? "
    "Предлагаю бесплатный двухнедельный тест на одном отделе, и вы сами увидите результат.",
    "Да, если смотреть на годовую сумму, цифра внушительная. Если разложить, это около пятидесяти рублей в день "
    "на менеджера. Давайте созвонимся в среду, я покажу расчёт на ваших данных.",
)
EN_REFERENCES = (
    "I understand, it is a real amount and it makes sense to look at it carefully. What are you comparing our "
    "price with? Let me work out the payback on your own numbers by Thursday.",
    "Fair point, budget matters. What would tell you the money was well spent? I suggest a free two-week trial "
    "with one team, so you can see the result yourself.",
    "Yes, the yearly total looks big. Broken down, it is about two dollars a day per rep. Let's have a short call "
    "on Wednesday and I will walk you through the numbers for your business.",
)

RU_CUSTOMER_LINE = "Посмотрел ваш прайс. Дорого, честно говоря, у нас нет таких денег."
EN_CUSTOMER_LINE = "I looked at your price list. It is expensive, honestly, we do not have that kind of money."

RU_KEY_POINTS = (
    KeyPointSpec("Присоединяется к возражению", examples=("Понимаю, сумма заметная", "Согласен, бюджет важен")),
    KeyPointSpec("Уточняет, с чем клиент сравнивает цену", examples=("С чем вы сравниваете нашу цену?",)),
    KeyPointSpec("Предлагает следующий шаг со сроком", examples=("Давайте созвонимся в среду",)),
)
EN_KEY_POINTS = (
    KeyPointSpec("Acknowledges the concern", examples=("I understand, it is a real amount", "Fair point")),
    KeyPointSpec("Asks what the price is compared with", examples=("What are you comparing our price with?",)),
    KeyPointSpec("Proposes a dated next step", examples=("Let's have a call on Wednesday",)),
)

# Answers by quality: a paraphrase of reference 0, a partial answer, off-topic answers.
PARAPHRASE = {
    "ru": "Понимаю вас, сумма ощутимая, и деньги нужно считать. С чем вы сравниваете нашу стоимость? "
    "К четвергу я рассчитаю окупаемость на ваших данных.",
    "en": "I get it, that is a significant amount and you should look at it closely. What are you comparing our "
    "price to? By Thursday I will calculate the payback using your numbers.",
}
PARTIAL = {
    "ru": "Понимаю, что дорого. Но у нас хорошая система.",
    "en": "I understand it is expensive. But our system is good.",
}
OFF_TOPIC = {
    "ru": (
        "Сегодня отличная погода, мы с семьёй собираемся на дачу жарить шашлыки.",
        "Мой сын вчера забил гол в школьном футбольном турнире.",
        "Рецепт простой: мука, яйца, молоко и щепотка соли.",
    ),
    "en": (
        "The weather is lovely today, we are going to the beach with the kids this weekend.",
        "My son scored a goal in the school football tournament yesterday.",
        "The recipe is simple: flour, eggs, milk and a pinch of salt.",
    ),
}


def step(language: str, *, red_flags: tuple[RedFlagSpec, ...] = ()) -> StepSpec:
    """The price step in `language` (ru or en), with the given red flags."""
    russian = language == "ru"
    return StepSpec(
        references=RU_REFERENCES if russian else EN_REFERENCES,
        key_points=RU_KEY_POINTS if russian else EN_KEY_POINTS,
        red_flags=red_flags,
        customer_line=RU_CUSTOMER_LINE if russian else EN_CUSTOMER_LINE,
        language=language,
    )


def ru_step(*, red_flags: tuple[RedFlagSpec, ...] = ()) -> StepSpec:
    """The Russian price step."""
    return step("ru", red_flags=red_flags)

"""What each clause of an answer does (says, refuses, describes) and whether a text is sentences: rules, no model."""

from __future__ import annotations

import pytest

from scoring.clauses import kind, not_sentences, units


@pytest.mark.parametrize(
    ("language", "clause"),
    [
        ("ru", "Я не буду спрашивать, когда вы планируете бюджет."),
        ("ru", "Никакого пилота не предложу."),
        ("ru", "Незачем уточнять, с чем вы сравниваете."),
        ("ru", "Звонить вам в четверг я не собираюсь."),
        ("ru", "Ни расчёта, ни пилота."),
        ("en", "I won't ask about your fleet."),
        ("en", "I'm not going to send a comparison."),
        ("en", "No pilot, no trial."),
        ("en", "There's no point in a follow-up call."),
        ("en", "A site visit is not on offer."),
        ("en", "I have zero intention of sending a case study."),
        ("en", "We'll never run a pilot for you."),
        ("ru", "Расчёт, пилот, встреча — ничего такого не будет."),
        ("ru", "Ваши сроки меня не интересуют."),
        ("ru", "Нет, обойдёмся."),
        # round 8: deferral for good, someone else's veto, policy
        ("ru", "А пилот на одном этаже, честно говоря, пока преждевременно."),
        ("ru", "Что для него важно, выяснять рано."),
        ("ru", "Образцы и тестовую партию давайте отложим до лучших времён."),
        ("ru", "Это давайте потом как-нибудь."),
        ("ru", "Готовить отдельную сводку мне руководитель не разрешает."),
        ("ru", "Резервом мы не работаем."),
        ("en", "What got in the way last time isn't really my business, so I won't ask."),
        ("en", "I won't bother asking when it calms down."),
        ("en", "Leasing just this year's replacements isn't really how we do it."),
        ("en", "As for a follow-up, let's park that."),
        ("en", "My manager won't let me offer tests to new chains."),
        ("en", "It's too early for a payback sheet, so there won't be one by Thursday."),
        ("en", "I can't put you in touch with a reference contractor."),
        # round 9: rhetorical questions, verdicts, leaving it to someone else some day
        ("en", "Why would I ask how many vans you run?"),
        ("en", "My answer on a trial run is no."),
        ("en", "On a reference call, also no"),
        ("en", "A review of your contracts isn't a conversation I'm having."),
        ("en", "The pilot plan is off the list."),
        ("en", "Someone in our finance team can go into the payback some day."),
        ("en", "The comparison is for someone else to draw up."),
        ("ru", "Зачем мне выяснять, сколько у вас машин?"),
        ("ru", "И к чему считать окупаемость?"),
        ("ru", "С какой стати мне звонить вам в пятницу?"),
        ("ru", "Демо на ваших данных — кому оно нужно?"),
        ("ru", "Смету обсудит наш инженер, не я."),
        ("ru", "Назначать встречу — не моя задача."),
        ("ru", "Расчёт когда-нибудь подготовит кто-то из коллег."),
        ("ru", "Пусть этим займётся кто-нибудь другой."),
        ("ru", "Экскурсии на завод не будет."),
        ("ru", "Рассказывать про сервис не стоит."),
        ("en", "Rather than asking about your fleet"),
        ("ru", "Вместо того чтобы считать окупаемость"),
    ],
)
def test_a_refusal_of_a_reps_action_is_a_refusal(language: str, clause: str) -> None:
    assert kind(clause, language) == "refuses"


@pytest.mark.parametrize(
    ("language", "clause"),
    [
        ("ru", "Не буду отнимать у вас много времени."),
        ("ru", "Ничего подписывать не нужно, никаких обязательств."),
        ("ru", "Чтобы в январе не начинать с нуля, скажите, когда у вас планируют бюджет."),
        ("ru", "Давить не буду, решение за вами."),
        ("en", "I won't take much of your time."),
        ("en", "No obligation, of course."),
        ("en", "You don't have to decide today."),
        ("en", "We never have claims on that lane."),
        ("en", "We won't bother you with calls."),
        ("ru", "Давайте не будем откладывать, начнём с пилота."),
        ("ru", "Приеду рано утром в четверг."),
        ("en", "Is there anything else? No hidden fees, no catch."),
        ("en", "Say yes or no by Friday and I'll hold the slot."),
        ("ru", "Не стоит переживать из-за перехода."),
        ("ru", "Не стоит бояться простоя: мы ставим подменный компрессор."),
        ("ru", "Никаких доплат не будет."),
        ("en", "I'm not asking you to move anything off your current carrier."),
        ("ru", "Вы когда-нибудь считали, во что обходится простой?"),
    ],
)
def test_a_negation_that_spares_the_customer_is_not_a_refusal(language: str, clause: str) -> None:
    assert kind(clause, language) == "says"


@pytest.mark.parametrize(
    ("language", "clause"),
    [
        ("ru", "Уточняет, с чем клиент сравнивает цену."),
        ("ru", "Менеджер признаёт, что штатная уборка работает."),
        ("en", "Acknowledges the concern."),
        ("en", "The rep shows empathy and then asks about the budget."),
        ("en", "Agreeing to send the rates."),
        ("en", "First the rep should acknowledge the gap without arguing."),
        ("en", "In this answer the seller would accept the timing without pushing."),
        ("en", "Next they clarify what the comparison includes."),
        ("en", "1) Acknowledges the comparison without arguing."),
        ("en", "Reframes the price as a return from fewer visits."),
        ("ru", "Здесь менеджер должен уважительно отозваться о текущем поставщике."),
        ("ru", "В ответе менеджер признаёт, что сравнение правильное."),
        ("ru", "Предложить пилот на один склад."),  # the rubric as an instruction
        ("ru", "Согласиться, что переезд — это риск."),
        ("ru", "Спокойное признание того, что цена выше, чем у конкурента."),
        ("ru", "Выяснение, что клиенту важнее всего."),
        ("ru", "В этой реплике продавец предлагает пилот."),
        ("en", "Acknowledge the concern without arguing."),  # said to nobody: an instruction to the rep
        ("en", "A good answer would propose a pilot with a date."),
        ("en", "- [x] reassure clearly that the aim is not to replace Dave"),  # a ticked checklist
        ("en", "To ask about the past experience or what they need in writing."),
        ("ru", "Здесь тебе нужно признать, что риск изъятия — серьёзный вопрос."),  # the rep is «ты», a customer «вы»
        ("ru", "Дальше уточни, что именно пугает клиента."),
        ("ru", "Ты соглашаешься, что тренинг ради тренинга не работает."),
        ("ru", "Продавец признает, что в сезон людей отрывать нельзя, уточнит сроки."),
    ],
)
def test_a_third_person_description_of_what_to_do_describes(language: str, clause: str) -> None:
    assert kind(clause, language) == "describes"


@pytest.mark.parametrize(
    ("language", "clause"),
    [
        ("ru", "Система сама напоминает о клиентах, которые давно не заказывали."),
        ("ru", "Получается около 50 рублей в день."),
        ("en", "Sounds good."),
        ("en", "Clients typically recoup the cost in three months."),
        ("en", "Thanks for being upfront about the number."),
        ("en", "They should sign by Friday."),  # a pronoun and a modal: said to the customer about others
        ("en", "Our manager will call you on Monday."),
        ("ru", "Менеджер должен позвонить вам в понедельник."),
        ("ru", "Ждать снижения ставки не обязательно."),  # an infinitive judged, not an instruction
        ("ru", "Поменять поставщика — серьёзный шаг."),
        ("ru", "Посчитать окупаемость несложно."),
        ("ru", "Есть формат по полтора часа раз в неделю."),
        ("ru", "Предложение действует до конца месяца."),
        ("en", "Compare the totals on page two."),  # an imperative, but not a rep's move
        ("ru", "Уточните, пожалуйста, сколько у вас точек."),  # «вы»: the customer is asked
        ("ru", "Наш инженер уточнит детали и предложит график."),
        ("en", "To give you a fair price, I need the lanes."),
    ],
)
def test_a_statement_about_the_product_or_a_pleasantry_says(language: str, clause: str) -> None:
    assert kind(clause, language) == "says"


def test_a_sentence_is_cut_into_clauses_only_where_they_differ() -> None:
    said = units("Понимаю, сумма заметная. С чем вы сравниваете?", "ru")
    assert [(u.kind, u.question) for u in said] == [("says", False), ("says", True)]
    mixed = units("No pilot, but let's meet on Friday.", "en")
    assert [(u.span.text, u.kind) for u in mixed] == [("No pilot", "refuses"), ("but let's meet on Friday.", "says")]


def test_a_question_that_only_names_what_the_next_sentence_refuses_refuses_too() -> None:
    held_up = units("Fair point. A twelve-week test in ten stores? My manager won't let me offer tests.", "en")
    assert [u.kind for u in held_up] == ["says", "refuses", "refuses"]
    assert [u.kind for u in units("Пилот? Не вариант, мы так не работаем.", "ru")] == ["refuses", "refuses"]
    asked = units("Price? We can talk about it.", "en")  # a fragment before a sentence that says something
    assert [u.kind for u in asked] == ["says", "says"]
    full = units("Which lanes matter most? I won't send the full sheet.", "en")  # a real question stays one
    assert [u.kind for u in full] == ["says", "refuses"]
    curt = units("Fine. A call with your dispatcher on Monday? Not today. Payback figures? Skipping that.", "en")
    assert [u.kind for u in curt] == ["says", "refuses", "refuses", "refuses", "refuses"]
    assert [u.kind for u in units("What it costs you now? Not my question.", "en")] == ["refuses", "refuses"]
    assert units("Расчёт к пятнице? Отменяется.", "ru")[0].kind == "refuses"
    kind_reply = units("Hidden fees? Not at all. Extra hardware? Not needed, it runs on your phones.", "en")
    assert kind_reply[0].kind == "says"  # a reassurance answers the question, it turns nothing down
    rate = units("What's your claims rate today? I won't push a switch on you, just one lane.", "en")
    assert rate[0].kind == "says"  # a real question (a contracted verb), not a fragment


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I could ask what your team compares us with, but I won't."),
        ("ru", "Мог бы рассказать про склад в Казани, но не стану."),
        ("ru", "Мог бы прислать пример договора — и этого не сделаю."),
        ("en", "Instead of a pilot on two lanes, you'll get our standard brochure."),
    ],
)
def test_what_a_bare_refusal_or_a_substitution_turns_down_refuses(language: str, text: str) -> None:
    assert units(text, language)[0].kind == "refuses"
    if "nstead" in text:
        assert [u.kind for u in units(text, language)] == ["refuses", "says"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "бюджет квартал пилот окупаемость пятница"),
        ("ru", "Бюджет, квартал, пилот и окупаемость."),
        ("ru", "Признание возражения. Уточняющий вопрос. Конкретный следующий шаг со сроком."),
        ("en", "budget quarter pilot ROI Friday"),
        ("en", "understand expensive compare current system calculate payback Thursday"),
        ("en", "uptime, onboarding fee, your data, migration plan, Tuesday"),  # short items cut by commas
        ("ru", "аудит — отчёт за неделю — два объекта — договор — среда"),
        ("en", "payback period under 1.5 years fewer return visits trial crew Monday"),  # a run with no core word
        ("ru", "понимаю дорого сравните затраты окупаемость повторные заказы посчитаю пятницу"),
        ("ru", "генеральный и скепсис и критерии и сводка на одну страницу и союзник и встреча втроём и четверг"),
        ("ru", "договор / бухгалтерия / ЭДО / оформление на нас / срыв в пятницу / вторник / рейс / четверг"),
        ("en", "the budget, the pilot, the payback, the one page, the Friday call"),  # articles build nothing
        ("en", "Budget, pilot, payback, Friday."),  # a list closed by a full stop is still a list
        ("en", "Budget pilot payback Friday"),
        ("en", "Rates email vans repairs comparison fleet Thursday Friday."),
        ("ru", "аудит & отчёт & пилот на складе & договор & среда"),
        (
            "ru",
            "конечно решение пробный показательным направление срочность подготовлю машину водителя выбрать дату "
            "созвонимся вторник",
        ),
    ],
)
def test_a_list_of_words_is_not_sentences(language: str, text: str) -> None:
    assert not_sentences(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Понимаю. С чем сравниваете? Давайте в четверг."),
        ("ru", "Спасибо за вопрос. Цена — 50 рублей в день."),
        ("ru", "Рецепт простой: мука, яйца, молоко и щепотка соли."),
        ("en", "Sure, happy to. When works?"),
        ("en", "Fair point. What are you comparing it with?"),
        ("en", "Sure, thanks, Monday at ten, see you then"),
        ("ru", "Понимаю, дорого, давайте посчитаем, сколько теряете"),
        ("ru", "Мы с вами и в прошлом году так делали и всё получилось"),
        ("ru", "Цена и сроки и качество важны одинаково"),
        # English rarely marks its verbs: a short sentence written as one is a sentence (found on SemEval)
        ("en", "Sounds fair enough."),
        ("en", "Makes total sense."),
        ("en", "Water flows faster."),
        ("en", "Fair enough, noted."),
        ("en", "Some eggs still hatched because those eggs can tolerate that much salt and water"),
    ],
)
def test_short_real_sentences_are_sentences(language: str, text: str) -> None:
    assert not not_sentences(text, language)


def test_a_time_of_day_is_not_a_colon_that_stands_for_a_verb() -> None:
    assert not_sentences("пробный рейс, направление, машина, водитель, условия, вторник, 11:00", "ru")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Agree the timing -> ask how the review works -> offer a trial -> book a date."),
        ("en", "1) agree to send it 2) ask which product line matters 3) keep it short 4) fix a call"),
        ("en", "Step one, acknowledge the gap. Step two, clarify what they compare."),
        ("en", "My answer would acknowledge the margin target and propose a trial with a date."),
        ("ru", "— признать, что цена выше — уточнить комплектацию — предложить расчёт на цифрах"),
        ("ru", "Сначала спокойно согласиться с клиентом, потом предложить пробную поставку."),
        ("ru", "Тут нужно признать, что кредит — рабочий вариант."),
        ("ru", "Менеджер не спорит с клиентом, выясняет причины и предлагает пилот."),
        ("ru", "Шаг 1 — согласиться. Шаг 2 — спросить про бюджет."),
        ("en", "Accept the delay. Ask what the board needs. Give a reason to start small. Fix a date."),
        ("en", "The rep doesn't argue with the MD. Then the rep finds out what would convince him."),
        ("ru", "Согласиться, что менять ничего не нужно. Уточнить, сколько стоит уборка сейчас."),
        ("en", "Criterion 1 — acknowledges the budget. Criterion B — asks when it is planned."),
        ("en", "DO acknowledge the price gap. DO ask what they compare it with. DON'T argue."),
        ("en", "The effective answer accepts the doubt and offers a site visit."),
        ("ru", "Критерий 1 — признаёт цену. Критерий 2 — уточняет, с чем сравнивают."),
        ("ru", "Менеджер будет признавать сомнение. Он будет предлагать пилот."),
    ],
)
def test_a_rubric_written_as_a_list_or_steps_describes(language: str, text: str) -> None:
    said = [u for u in units(text, language) if u.kind == "says"]
    assert sum(len(u.span.text) for u in said) < 0.5 * len(text), said


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Two options -> a trial on one line, or the full switch in March. Which suits you?"),
        ("ru", "Понимаю, шесть тысяч на рейс — заметно. Давайте посчитаем, что входит в их цену?"),
        ("ru", "Главное — понять, сколько вы тратите сейчас. Пришлю расчёт к пятнице."),
        ("ru", "Ждать сентября, чтобы всё подготовить, не обязательно: диагностику можно сделать сейчас."),
        ("en", "My answer is yes: we can start with one depot next week."),
    ],
)
def test_an_answer_with_arrows_or_dashes_that_speaks_to_the_customer_says(language: str, text: str) -> None:
    assert all(u.kind == "says" for u in units(text, language))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Concern acknowledged. Budget timing clarified. A pilot is then proposed with a date."),
        ("en", "Acknowledgement of the delay without pressure. Question about the review process."),
        ("en", "First I'd accept the timing, then I'd ask what the board needs and offer a small start."),
        ("en", "Does the rep acknowledge the price? Does the rep propose a dated next step?"),
        ("ru", "Текущий поставщик уважается и не критикуется. Предлагается пробная поставка."),
        ("ru", "Сначала я бы согласился прислать КП, потом уточнил бы объём и предложил бы звонок."),
        ("ru", "Уточнил ли менеджер бюджет? Предложил ли менеджер следующий шаг?"),
        ("ru", "Выгода для клиента в цифрах. Поиск слабых мест текущей схемы."),
    ],
)
def test_a_rubric_in_the_passive_as_nouns_as_a_checklist_or_as_what_one_would_do_describes(
    language: str, text: str
) -> None:
    said = [u for u in units(text, language) if u.kind == "says"]
    assert sum(len(u.span.text) for u in said) < 0.5 * len(text), said


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I'd suggest a pilot on one line. Would Tuesday work for you?"),
        ("en", "Your point is fair and I'd ask the same. What would convince your board?"),
        ("en", "The price is fixed for a year, and delivery is included."),
        ("ru", "Я бы предложил начать с одного склада — вам удобно во вторник?"),
        ("ru", "Оплата производится после приёмки, доставка входит в цену."),
        ("ru", "Один вопрос, чтобы не начинать с нуля: в каком месяце техника нужна?"),
    ],
)
def test_ordinary_conditionals_passives_and_questions_say(language: str, text: str) -> None:
    assert all(u.kind == "says" for u in units(text, language))

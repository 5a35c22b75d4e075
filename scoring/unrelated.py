"""Built-in calibration texts (see docs/scoring.md): off-topic sentences, generic poor answers graded 0, paraphrases."""

UNRELATED = {
    "ru": [
        "Сегодня на улице солнечно, и мы пошли гулять в парк.",
        "Для борща нужны свёкла, капуста, картофель и немного уксуса.",
        "Футбольный матч закончился вничью после серии пенальти.",
        "Кошка спит на подоконнике и не обращает на нас внимания.",
        "В отпуске мы хотим съездить на море и поплавать.",
        "Поезд прибывает на третий путь через десять минут.",
        "Я начал читать новый роман и не могу оторваться.",
        "Вчера вечером по телевизору показывали старый фильм.",
        "Не забудь купить хлеб и молоко по дороге домой.",
        "Мой брат учится играть на гитаре уже полгода.",
        "Весной в саду зацвели яблони и вишни.",
        "На выходных будет дождь, лучше взять зонт.",
    ],
    "en": [
        "It is sunny today, so we went for a walk in the park.",
        "You need beetroot, cabbage, potatoes and a little vinegar for this soup.",
        "The football match ended in a draw after a penalty shoot-out.",
        "The cat is asleep on the windowsill and ignores us.",
        "On holiday we want to go to the seaside and swim.",
        "The train arrives at platform three in ten minutes.",
        "I started reading a new novel and cannot put it down.",
        "Last night they showed an old film on television.",
        "Don't forget to buy bread and milk on the way home.",
        "My brother has been learning to play the guitar for six months.",
        "In spring the apple and cherry trees in the garden blossomed.",
        "It will rain at the weekend, so take an umbrella.",
    ],
}

POOR_ANSWERS = {
    "ru": [
        "Ну не хотите — не надо, мне всё равно.",
        "Это ваши проблемы, а не мои.",
        "Вы ничего не понимаете в этом.",
        "Ладно, тогда до свидания.",
        "Как хотите, дело ваше.",
        "Не знаю, спросите у кого-нибудь другого.",
        "Ну и сидите дальше со своим поставщиком.",
        "Кстати, вы смотрели вчера футбол?",
        "Мне всё равно, купите вы или нет.",
        "Хорошо, извините за беспокойство.",
    ],
    "en": [
        "Whatever, suit yourself.",
        "That's your problem, not mine.",
        "You clearly don't understand this.",
        "Fine, bye then.",
        "Okay, sorry to bother you.",
        "I don't know, ask someone else.",
        "Then stay with your supplier, I don't care.",
        "By the way, did you watch the game last night?",
        "I don't really care if you buy or not.",
        "If you don't get it, that's on you.",
    ],
}

PARAPHRASES = {
    "ru": [
        (
            "Понимаю, цена важна. Давайте посчитаем, сколько вы сэкономите за год.",
            "Согласен, деньги имеют значение. Предлагаю прикинуть вашу экономию за двенадцать месяцев.",
        ),
        (
            "Отлично, что у вас уже есть поставщик. Что бы вы в нём улучшили?",
            "Хорошо, что поставщик у вас уже есть. Что вам в его работе хотелось бы изменить?",
        ),
        (
            "Конечно, отправлю письмо. Чтобы оно было полезным, какие вопросы для вас главные?",
            "Да, пришлю на почту. Подскажите, что для вас важнее всего, чтобы я написал по делу?",
        ),
        (
            "Давайте договоримся о коротком звонке в четверг на пятнадцать минут.",
            "Предлагаю созвониться в четверг, это займёт не больше четверти часа.",
        ),
        (
            "Мы можем начать с пробного периода, чтобы вы проверили всё без риска.",
            "Для начала можно взять тестовый период и убедиться во всём без рисков.",
        ),
        ("Кто ещё у вас участвует в принятии этого решения?", "Кто, кроме вас, будет принимать это решение?"),
        ("Поезд отправляется с третьего пути через десять минут.", "Через десять минут поезд уходит с третьего пути."),
        ("Вчера весь вечер шёл сильный дождь.", "Вчера вечером не переставая лил дождь."),
        (
            "Наши клиенты обычно окупают внедрение за три месяца.",
            "Как правило, внедрение окупается у клиентов примерно за квартал.",
        ),
        (
            "Я понимаю, сейчас у вас нет времени. Когда вам удобно вернуться к разговору?",
            "Вижу, что сейчас вам некогда. Когда лучше продолжить наш разговор?",
        ),
        (
            "Если дело в бюджете, мы можем разбить оплату на несколько частей.",
            "Если вопрос в бюджете, оплату можно внести частями.",
        ),
        (
            "Расскажите, пожалуйста, как вы решаете эту задачу сейчас.",
            "Поделитесь, как сейчас у вас устроена работа с этой задачей.",
        ),
    ],
    "en": [
        (
            "I understand price matters. Let's work out how much you would save in a year.",
            "Fair point, cost is important. Shall we calculate your savings over twelve months?",
        ),
        (
            "It's great that you already have a supplier. What would you improve about them?",
            "Good that you already work with a supplier. What would you like them to do better?",
        ),
        (
            "Sure, I'll send an email. To make it useful, which questions matter most to you?",
            "Of course, I'll email you. What is most important to you, so that I cover the right things?",
        ),
        (
            "Let's book a short fifteen-minute call on Thursday.",
            "How about a quick call on Thursday? It will take no more than a quarter of an hour.",
        ),
        (
            "We can start with a trial period so you can check everything without risk.",
            "You could begin with a trial and see for yourself, with no risk involved.",
        ),
        ("Who else takes part in making this decision?", "Apart from you, who will be involved in this decision?"),
        (
            "The train leaves from platform three in ten minutes.",
            "In ten minutes the train departs from platform three.",
        ),
        ("It rained heavily all evening yesterday.", "Yesterday evening there was heavy rain the whole time."),
        (
            "Our customers usually recover the cost within three months.",
            "Typically our clients get their money back in about a quarter.",
        ),
        (
            "I see you're busy right now. When would be a good time to continue?",
            "I understand now is not a good moment. When can we pick this up again?",
        ),
        (
            "If budget is the issue, we can split the payment into instalments.",
            "If it comes down to budget, you can pay in several parts.",
        ),
        ("Could you tell me how you handle this task today?", "How do you deal with this task at the moment?"),
    ],
}
"""Pairs of sentences that say the same thing in other words: how alike this model finds a paraphrase."""

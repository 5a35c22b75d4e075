"""Built-in calibration texts (see docs/scoring.md): off-topic sentences, and generic poor answers graded 0."""

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

"""Off-topic sentences: what 'unrelated' looks like to a model, for calibrating each step (see docs/scoring.md)."""

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

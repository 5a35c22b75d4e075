"""The demo company `parry demo` builds: its tracks, teams, head of sales and new hires, and their e-mails."""

from __future__ import annotations

from dataclasses import dataclass

DOMAIN = "demo.parry.example"


@dataclass(frozen=True)
class TrackPlan:
    name: str
    description: str
    slugs: tuple[str, ...]
    test_size: int
    valid_days: int


@dataclass(frozen=True)
class TeamPlan:
    name: str
    tracks: tuple[int, ...]  # indexes into TRACKS
    trainer: tuple[str, str]  # name, email login
    reps: tuple[tuple[str, str], ...]


TRACKS = (
    TrackPlan(
        "Цена и конкуренты",
        "«Дорого», «у нас уже есть поставщик», «пришлите КП».",
        ("ru-crm-price", "ru-freight-competitor"),
        6,
        45,
    ),
    TrackPlan("Доверие и сроки", "«Не уверен, что вы справитесь», «не сейчас».", ("ru-compressor-trust",), 5, 90),
    TrackPlan(
        "Price and competitors",
        "Too expensive, we already have a supplier, the buyer's push-back.",
        ("en-fieldservice-saas-price", "en-freight-ltl-competitor"),
        6,
        45,
    ),
)


TEAMS = (
    TeamPlan(
        "Москва — корпоративные продажи",
        (0, 1),
        ("Ольга Соколова", "olga.sokolova"),
        (
            ("Анна Петрова", "anna.petrova"),
            ("Дмитрий Волков", "dmitry.volkov"),
            ("Мария Иванова", "maria.ivanova"),
            ("Сергей Кузнецов", "sergey.kuznetsov"),
            ("Екатерина Морозова", "ekaterina.morozova"),
            ("Никита Лебедев", "nikita.lebedev"),
        ),
    ),
    TeamPlan(
        "Казань — оптовые продажи",
        (0,),
        ("Рустам Галиев", "rustam.galiev"),
        (
            ("Алия Сафина", "aliya.safina"),
            ("Тимур Хасанов", "timur.khasanov"),
            ("Ирина Попова", "irina.popova"),
            ("Андрей Смирнов", "andrey.smirnov"),
            ("Гульнара Зиннатуллина", "gulnara.zinnatullina"),
            ("Павел Орлов", "pavel.orlov"),
        ),
    ),
    TeamPlan(
        "Export desk",
        (2,),
        ("James Carter", "james.carter"),
        (
            ("Emily Clark", "emily.clark"),
            ("Lucas Meyer", "lucas.meyer"),
            ("Sofia Rossi", "sofia.rossi"),
            ("Daniel Novak", "daniel.novak"),
            ("Hannah Berg", "hannah.berg"),
            ("Omar Haddad", "omar.haddad"),
        ),
    ),
)


HEAD = ("Елена Кравцова", "elena.kravtsova")


NEW_HIRES = {  # the new hires of the onboarding plan, by whether the first team is the English one
    False: (("Илья Новиков", "ilya.novikov"), ("Полина Зайцева", "polina.zaitseva")),
    True: (("Grace Lee", "grace.lee"), ("Noah Fischer", "noah.fischer")),
}


ENGLISH_TEAMS = {2}


ENGLISH_LOGINS = {"james", "emily", "lucas", "sofia", "daniel", "hannah", "omar", "grace", "noah"}


def email_of(login: str) -> str:
    return f"{login}@{DOMAIN}"

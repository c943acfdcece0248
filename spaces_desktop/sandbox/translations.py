"""The invitation's wording in each supported language, and how each writes a date."""

# Each language's own typography (curly apostrophes, guillemets, full-width brackets)
# is intended, not a look-alike slip.
# ruff: noqa: RUF001
# The name tables below carry "# fmt: skip": the formatter would put one name per line;
# six months to a line keep each language's table readable at a glance.

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

DEFAULT_LANGUAGE = "en-US"


@dataclass(frozen=True)
class Wording:
    """Every sentence of an invitation in one language. {sender}, {title}, {email} filled in."""

    subject_invite: str
    subject_meet: str
    intro_invite: str
    intro_meet: str
    when: str
    about: str
    note_invite: str
    note_meet: str
    button_invite: str
    button_meet: str
    guest_heading: str
    guest_steps: tuple[str, str, str]
    fallback: str
    contact: str
    join_label: str
    sandbox_note: str
    format_date: Callable[[datetime], str]
    # Between the date and the time range; Japanese writes them with a space only.
    date_time_separator: str = ", "


def _en_date(moment: datetime) -> str:
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    months = (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    )  # fmt: skip
    return f"{weekdays[moment.weekday()]} {moment.day} {months[moment.month - 1]} {moment.year}"


def _de_date(moment: datetime) -> str:
    weekdays = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
    months = (
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    )  # fmt: skip
    return f"{weekdays[moment.weekday()]}, {moment.day}. {months[moment.month - 1]} {moment.year}"


def _fr_date(moment: datetime) -> str:
    weekdays = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    months = (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    )  # fmt: skip
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{weekdays[moment.weekday()]} {day} {months[moment.month - 1]} {moment.year}"


def _es_date(moment: datetime) -> str:
    weekdays = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
    months = (
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    )  # fmt: skip
    return (
        f"{weekdays[moment.weekday()]}, {moment.day} de {months[moment.month - 1]} de {moment.year}"
    )


def _pt_date(moment: datetime) -> str:
    weekdays = (
        "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira",
        "sexta-feira", "sábado", "domingo",
    )  # fmt: skip
    months = (
        "janeiro", "fevereiro", "março", "abril", "maio", "junho",
        "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
    )  # fmt: skip
    return (
        f"{weekdays[moment.weekday()]}, {moment.day} de {months[moment.month - 1]} de {moment.year}"
    )


def _ja_date(moment: datetime) -> str:
    weekdays = "月火水木金土日"
    return f"{moment.year}年{moment.month}月{moment.day}日({weekdays[moment.weekday()]})"


WORDINGS: dict[str, Wording] = {
    "en-US": Wording(
        subject_invite="Invitation: {title}",
        subject_meet="Meeting invitation: {title}",
        intro_invite="{sender} has invited you to the space “{title}” in Avaya Spaces.",
        intro_meet="{sender} has invited you to a meeting in the space “{title}” in Avaya Spaces.",
        when="When",
        about="About this space",
        note_invite=(
            "The link opens the space, where you can chat, share files and start a meeting."
        ),
        note_meet="The link takes you straight into the meeting, with video and audio.",
        button_invite="Join the space",
        button_meet="Join the meeting",
        guest_heading="Joining as a guest",
        guest_steps=(
            "You don't need an account.",
            "Open the link in a web browser such as Chrome, Edge, Firefox or Safari.",
            "Enter your name and select Join.",
        ),
        fallback="If the button does not work, copy this link into your browser:",
        contact="Questions? Contact {sender} at {email}.",
        join_label="Join link",
        sandbox_note="Sent from the offline Spaces sandbox.",
        format_date=_en_date,
    ),
    "de-DE": Wording(
        subject_invite="Einladung: {title}",
        subject_meet="Einladung zur Besprechung: {title}",
        intro_invite="{sender} hat Sie in den Bereich „{title}“ in Avaya Spaces eingeladen.",
        intro_meet=(
            "{sender} hat Sie zu einer Besprechung im Bereich „{title}“ in Avaya Spaces eingeladen."
        ),
        when="Wann",
        about="Über diesen Bereich",
        note_invite=(
            "Über den Link öffnen Sie den Bereich. Dort können Sie chatten, Dateien teilen "
            "und Besprechungen starten."
        ),
        note_meet="Über den Link gelangen Sie direkt in die Besprechung, mit Video und Audio.",
        button_invite="Dem Bereich beitreten",
        button_meet="An der Besprechung teilnehmen",
        guest_heading="Teilnahme als Gast",
        guest_steps=(
            "Sie benötigen kein Konto.",
            "Öffnen Sie den Link in einem Webbrowser wie Chrome, Edge, Firefox oder Safari.",
            "Geben Sie Ihren Namen ein und wählen Sie „Beitreten“.",
        ),
        fallback=(
            "Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:"
        ),
        contact="Fragen? Wenden Sie sich an {sender} ({email}).",
        join_label="Link zum Beitreten",
        sandbox_note="Gesendet von der Offline-Sandbox von Spaces.",
        format_date=_de_date,
    ),
    "fr-FR": Wording(
        subject_invite="Invitation : {title}",
        subject_meet="Invitation à une réunion : {title}",
        intro_invite="{sender} vous invite à rejoindre l’espace « {title} » dans Avaya Spaces.",
        intro_meet=(
            "{sender} vous invite à une réunion dans l’espace « {title} » dans Avaya Spaces."
        ),
        when="Quand",
        about="À propos de cet espace",
        note_invite=(
            "Le lien ouvre l’espace, où vous pouvez discuter, partager des fichiers "
            "et lancer une réunion."
        ),
        note_meet="Le lien vous fait entrer directement dans la réunion, avec la vidéo et l’audio.",
        button_invite="Rejoindre l’espace",
        button_meet="Rejoindre la réunion",
        guest_heading="Participer en tant qu’invité",
        guest_steps=(
            "Aucun compte n’est nécessaire.",
            "Ouvrez le lien dans un navigateur web, par exemple Chrome, Edge, Firefox ou Safari.",
            "Saisissez votre nom, puis sélectionnez Rejoindre.",
        ),
        fallback="Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :",
        contact="Des questions ? Contactez {sender} ({email}).",
        join_label="Lien pour rejoindre",
        sandbox_note="Envoyé depuis le bac à sable hors ligne de Spaces.",
        format_date=_fr_date,
    ),
    "es-ES": Wording(
        subject_invite="Invitación: {title}",
        subject_meet="Invitación a una reunión: {title}",
        intro_invite="{sender} le ha invitado al espacio «{title}» de Avaya Spaces.",
        intro_meet="{sender} le ha invitado a una reunión en el espacio «{title}» de Avaya Spaces.",
        when="Cuándo",
        about="Acerca de este espacio",
        note_invite=(
            "El enlace abre el espacio, donde puede chatear, compartir archivos "
            "e iniciar una reunión."
        ),
        note_meet="El enlace le lleva directamente a la reunión, con vídeo y audio.",
        button_invite="Unirse al espacio",
        button_meet="Unirse a la reunión",
        guest_heading="Cómo unirse como invitado",
        guest_steps=(
            "No necesita una cuenta.",
            "Abra el enlace en un navegador web, como Chrome, Edge, Firefox o Safari.",
            "Escriba su nombre y seleccione Unirse.",
        ),
        fallback="Si el botón no funciona, copie este enlace en su navegador:",
        contact="¿Tiene preguntas? Póngase en contacto con {sender} ({email}).",
        join_label="Enlace para unirse",
        sandbox_note="Enviado desde el entorno de pruebas sin conexión de Spaces.",
        format_date=_es_date,
    ),
    "pt-BR": Wording(
        subject_invite="Convite: {title}",
        subject_meet="Convite para reunião: {title}",
        intro_invite="{sender} convidou você para o espaço “{title}” no Avaya Spaces.",
        intro_meet="{sender} convidou você para uma reunião no espaço “{title}” no Avaya Spaces.",
        when="Quando",
        about="Sobre este espaço",
        note_invite=(
            "O link abre o espaço, onde você pode conversar, compartilhar arquivos "
            "e iniciar uma reunião."
        ),
        note_meet="O link leva você direto para a reunião, com vídeo e áudio.",
        button_invite="Entrar no espaço",
        button_meet="Entrar na reunião",
        guest_heading="Como participar como convidado",
        guest_steps=(
            "Você não precisa de uma conta.",
            "Abra o link em um navegador, como Chrome, Edge, Firefox ou Safari.",
            "Digite seu nome e selecione Entrar.",
        ),
        fallback="Se o botão não funcionar, copie este link no seu navegador:",
        contact="Dúvidas? Fale com {sender} ({email}).",
        join_label="Link para entrar",
        sandbox_note="Enviado pelo ambiente de testes offline do Spaces.",
        format_date=_pt_date,
    ),
    "ja-JP": Wording(
        subject_invite="「{title}」への招待",
        subject_meet="「{title}」の会議への招待",
        intro_invite="{sender} さんから Avaya Spaces のスペース「{title}」に招待されました。",
        intro_meet="{sender} さんから Avaya Spaces のスペース「{title}」での会議に招待されました。",
        when="日時",
        about="このスペースについて",
        note_invite=(
            "リンクを開くとスペースが表示され、チャット、ファイルの共有、会議の開始ができます。"
        ),
        note_meet="リンクを開くと、ビデオと音声の会議に直接参加できます。",
        button_invite="スペースに参加",
        button_meet="会議に参加",
        guest_heading="ゲストとして参加する方法",
        guest_steps=(
            "アカウントは不要です。",
            "Chrome、Edge、Firefox、Safari などの Web ブラウザーでリンクを開きます。",
            "名前を入力して［参加］を選択します。",
        ),
        fallback="ボタンが機能しない場合は、次のリンクをブラウザーにコピーしてください:",
        contact="ご不明な点は {sender} さん（{email}）にお問い合わせください。",
        join_label="参加用リンク",
        sandbox_note="Spaces のオフライン サンドボックスから送信されました。",
        format_date=_ja_date,
        date_time_separator=" ",
    ),
}

SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(WORDINGS)


def resolve_language(requested: str | None, sender_language: str) -> str:
    """The language to write in: the request's, else the sender's; unsupported -> en-US.

    Matching ignores case, and a bare or regional variant falls back to the one
    supported variant of its language ("de" or "de-AT" -> de-DE), as a mail
    client's reader would rather have than English.
    """
    wanted = requested if requested else sender_language
    by_lower = {code.lower(): code for code in WORDINGS}
    exact = by_lower.get(wanted.strip().lower().replace("_", "-"))
    if exact is not None:
        return exact
    primary = wanted.strip().lower().replace("_", "-").split("-")[0]
    for code in WORDINGS:
        if code.lower().split("-")[0] == primary:
            return code
    return DEFAULT_LANGUAGE

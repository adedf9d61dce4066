"""Health conditions, medication and pregnancy in English and Russian ("HIV", "bipolar disorder", "lithium",
"шизофрения", "ВИЧ-положительный", "беременность"): removed from anonymized text, and never accepted as a symbol.
Words are compared by their dictionary forms."""

from __future__ import annotations

import re
from functools import lru_cache

from dreamtok.text.language import english_lemmas, morph_analyzer, normalize_word
from dreamtok.text.patterns import WORD, has_cyrillic
from dreamtok.text.words import Span

CONDITIONS = frozenset(
    "hiv aids cancer leukemia leukaemia lymphoma melanoma carcinoma sarcoma tumor tumour diabetes diabetic epilepsy "
    "epileptic schizophrenia schizophrenic bipolar depression psychosis psychotic ptsd ocd adhd autism autistic "
    "asperger aspergers dementia alzheimer alzheimers parkinson parkinsons sclerosis hepatitis tuberculosis syphilis "
    "herpes chlamydia gonorrhea gonorrhoea anorexia anorexic bulimia bulimic cirrhosis infertility infertile asthma "
    "arthritis lupus coeliac celiac crohn crohns covid "
    "вич спид рак онкология опухоль лейкоз лейкемия лимфома меланома карцинома саркома диабет диабетик эпилепсия "
    "эпилептик шизофрения шизофреник биполярный депрессия психоз аутизм аутист деменция альцгеймер паркинсон склероз "
    "гепатит туберкулез сифилис герпес хламидиоз гонорея анорексия булимия цирроз бесплодие астма артрит птср окр "
    "сдвг ковид "
    # Pregnancy is health data under the GDPR (art. 9), whoever dreams it.
    "pregnancy pregnant беременность беременный беременная".split()
)
# Medication names a diagnosis as surely as the diagnosis does: "I take lithium", "мне назначили кветиапин".
MEDICATIONS = frozenset(
    "lithium sertraline zoloft fluoxetine prozac paroxetine paxil citalopram celexa escitalopram lexapro venlafaxine "
    "effexor duloxetine cymbalta bupropion wellbutrin mirtazapine amitriptyline trazodone quetiapine seroquel "
    "olanzapine zyprexa risperidone risperdal aripiprazole abilify clozapine haloperidol haldol lamotrigine lamictal "
    "valproate depakote carbamazepine tegretol diazepam valium lorazepam ativan alprazolam xanax clonazepam klonopin "
    "zolpidem ambien methylphenidate ritalin adderall atomoxetine methadone buprenorphine suboxone naltrexone insulin "
    "metformin levothyroxine antidepressant antipsychotic neuroleptic benzodiazepine chemotherapy antiretroviral "
    "литий сертралин золофт флуоксетин прозак пароксетин циталопрам эсциталопрам венлафаксин дулоксетин бупропион "
    "миртазапин амитриптилин тразодон кветиапин сероквель оланзапин рисперидон арипипразол клозапин азалептин "
    "галоперидол ламотриджин вальпроат депакин карбамазепин финлепсин диазепам феназепам лоразепам алпразолам "
    "клоназепам золпидем метилфенидат атомоксетин метадон бупренорфин налтрексон инсулин метформин левотироксин "
    "антидепрессант нейролептик антипсихотик транквилизатор химиотерапия".split()
)
_HEALTH_WORDS = CONDITIONS | MEDICATIONS
# Words that name a condition together with the word before them ("bipolar disorder", "тревожное расстройство") or,
# in Russian, after them ("болезнь Паркинсона", "синдром Дауна").
GENERIC = frozenset("disorder disease syndrome расстройство синдром болезнь заболевание".split())
_FUNCTION_WORDS = frozenset("a an the my his her their our your of with and or".split())
_TYPE_BEFORE = re.compile(r"(?:type|тип[а-я]*)\s+(?:\d|i{1,2}|one|two|первого|второго)\s+$", re.IGNORECASE)


@lru_cache(maxsize=20_000)
def _lemmas(word: str) -> frozenset[str]:
    """Dictionary forms of a word and of each part of a hyphenated one ("ВИЧ-положительный" → вич, положительный…)."""
    forms: set[str] = set()
    for part in re.split(r"[-'’]", word.lower()):
        if not part:
            continue
        if has_cyrillic(part):
            forms.update(normalize_word(p.normal_form) for p in morph_analyzer().parse(part)[:3])
        else:
            forms.update(english_lemmas(part))
        forms.add(normalize_word(part))
    return frozenset(forms)


def _is_condition(word: str) -> bool:
    return bool(_lemmas(word) & _HEALTH_WORDS)


def _is_generic(word: str) -> bool:
    return bool(_lemmas(word) & GENERIC)


def _qualifies(word: str) -> bool:
    """A word that can name the kind of a disorder: an adjective in Russian, any content word in English."""
    if has_cyrillic(word):
        return any({"ADJF", "PRTF"} & set(p.tag.grammemes) for p in morph_analyzer().parse(word.lower())[:2])
    return word.lower() not in _FUNCTION_WORDS


def is_health_condition(text: str) -> bool:
    """Whether a typed word or phrase names a health condition ("HIV", "ВИЧ-статус", "bipolar disorder")."""
    return any(_is_condition(word) or _is_generic(word) for word in WORD.findall(text or ""))


def health_spans(text: str) -> list[Span]:
    """Where `text` names a health condition, with its qualifier: "type 1 diabetes", "bipolar disorder"."""
    words = list(WORD.finditer(text))
    spans: list[Span] = []
    for i, m in enumerate(words):
        start, end = m.start(), m.end()
        if _is_generic(m.group()):
            before = words[i - 1] if i > 0 and words[i - 1].end() + 1 >= start else None
            after = words[i + 1] if i + 1 < len(words) and words[i + 1].start() <= end + 1 else None
            if after is not None and after.group()[:1].isupper():
                end = after.end()  # "болезнь Паркинсона", "syndrome X"
            elif before is not None and _qualifies(before.group()):
                start = before.start()  # "bipolar disorder", "тревожное расстройство"
            else:
                continue
        elif not _is_condition(m.group()):
            continue
        typed = _TYPE_BEFORE.search(text[max(0, start - 20) : start])
        if typed:
            start -= len(typed.group())
        spans.append(("health", start, end))
    return spans

/**
 * The labels of form lines ("label: value") in many languages and scripts, by what their value is: a person, place or
 * facility (`identifier`: "Name", "Имя", "姓名", "Jina", "Nama", "Adresa", "العنوان"), a clinical statement
 * (`clinical`: "Diagnosis", "Діагноз", "诊断", "Utambuzi", "Tanı", "Medikation") or an age (`age`: "Ηλικία", "年龄").
 *
 * Safe Harbor wants recall first, so the recall pass removes what follows an identifier label even where the words
 * themselves say nothing (a lower-case street word, a script with no capitals), and keeps what follows a clinical label
 * even where the words look like names ("Vorhofflimmern", "Гіпотиреоз", "阿尔茨海默病"): a diagnosis or a drug names no
 * one. The words are each language's ordinary form vocabulary, written here for the languages clinics write letters in
 * (not taken from any labelled set); a label of several words is classed by any of them, and one in a script written
 * without spaces (Han, Kana, Thai) by any entry it contains.
 */
export type LabelKind = "person" | "place" | "clinical" | "age";

const PERSON = [
  // name, patient
  "name names fullname surname forename firstname lastname patient client member resident insured pt",
  "nome nom prénom nombre apellido apellidos apelido naam voornaam achternaam imię nazwisko nume prenume vardas pavardė nimi namn navn nafn név jméno meno ime prezime",
  "ad adı soyadı soyad jina nama pangalan hingoa họ tên",
  "patientin paciente pacient pacientas pacientė patsient potilas sjúklingur beteg hasta pacijent pacijentica pacijentkinja patiënt pacjent pacjentka mgonjwa pasien usager bệnh",
  "όνομα ονοματεπώνυμο επώνυμο πατρώνυμο ασθενής имя фамилия фио отчество ім'я імя прізвище піб по-батькові име презиме пациент пацієнт пацієнтка пациентка болен",
  "שם המטופל המטופלת מטופל מטופלת החולה اسم الاسم المريض المريضة नाम रोगी मरीज ਨਾਮ ਮਰੀਜ਼ নাম রোগী ชื่อ ผู้ป่วย",
];

const PLACE = [
  // address, place
  "address adresse anschrift wohnort dirección direccion domicilio endereço endereco morada indirizzo residenza adres adresa adrese domiciliu adresas aadress osoite",
  "adress heimilisfang lakcím lakcim cím bydliště bydlisko adresi ikamet anwani mahali alamat tirahan địa chỉ tu'asila village",
  "διεύθυνση адрес адреса адресa כתובת العنوان عنوان पता ਪਤਾ ঠিকানা ที่อยู่",
];

const DOCTOR = [
  // doctor, who to contact
  "doctor physician clinician consultant gp arzt ärztin hausarzt médecin médico médica medico medic lekarz lekarka lekár lékař liječnik liječnica lekar lekarka arts huisarts",
  "gydytojas gydytoja arst lääkäri läkare lege læge læknir orvos doktor daktari dokter bác sĩ toketā",
  "ιατρός γιατρός θεράπων врач лікар лекар лекуващ רופא רופאה الطبيب طبيب डॉक्टर चिकित्सक ਡਾਕਟਰ ডাক্তার চিকিৎসক แพทย์",
];

const FACILITY = [
  "hospital viện krankenhaus klinik spital spitalul bolnica ligoninė haigla sairaala sjukhus sykehus sygehus kórház nemocnice hastane hospitali",
  "νοσοκομείο больница лікарня болница מרפאה مستشفى अस्पताल ਹਸਪਤਾਲ হাসপাতাল โรงพยาบาล",
  // CJK and Korean: matched inside a label
  "住所 住址 地址 病院 医院 醫院 紹介先 勤務先 주소 병원 의뢰기관",
];
PERSON.push("氏名 患者 姓名 名前 医師 医师 醫師 联系人 聯絡人 이름 성명 환자 의사 담당의 보호자", ...DOCTOR);

const CLINICAL = [
  "diagnosis diagnoses dx impression treatment therapy medication medications medicines meds prescription rx procedure operation allergies allergy sex gender",
  "diagnose diagnosen befund befunde therapie behandlung medikation medikamente verordnung anamnese beschwerden geschlecht procedere eingriff",
  "diagnostic diagnostics traitement traitements médicaments ordonnance motif antécédents sexe",
  "diagnóstico diagnostico diagnósticos tratamiento medicación medicamentos receta antecedentes sexo procedimiento tratamento medicação medicamento receita prescrição",
  "diagnosi terapia trattamento farmaci prescrizione anamnesi sesso behandeling medicatie geneesmiddelen klachten geslacht",
  "rozpoznanie rozpoznania diagnoza leczenie leki zalecenia płeć wywiad tratament medicație medicatie recomandări",
  "diagnozė gydymas vaistai lytis diagnoze ārstēšana diagnoos ravi ravim ravimid sugu diagnoosi hoito lääkitys sukupuoli diagnos läkemedel kön kjønn køn medicin medisiner",
  "greining meðferð lyf kyn diagnózis kórisme terápia kezelés gyógyszerek diagnóza léčba liečba terapie medikace pohlaví pohlavie",
  "dijagnoza dijagnoze terapija liječenje lečenje lijekovi lekovi spol operacija zdravljenje",
  "tanı teşhis tedavi ilaçlar cinsiyet şikayet utambuzi matibabu dawa jinsia dalili diagnosa terapi pengobatan rawatan obat ubat resep keluhan diyagnosis gamot",
  "chẩn đoán điều trị thuốc giới tính",
  "διάγνωση θεραπεία αγωγή φάρμακα φύλο ιστορικό диагноз диагноза лечение терапия назначено назначения назначение препараты пол жалобы анамнез",
  "діагноз лікування призначено призначення препарати стать скарги медикаменти дијагноза терапија лечење",
  "אבחנה אבחנות טיפול תרופות מין التشخيص العلاج الأدوية الدواء الجنس تشخیص درمان داروها",
  "निदान दवा दवाई उपचार इलाज लिंग औषध औषधे ਨਿਦਾਨ ਦਵਾਈ ਇਲਾਜ রোগনির্ণয় নির্ণয় ওষুধ চিকিৎসা লিঙ্গ การวินิจฉัย วินิจฉัย การรักษา เพศ",
  "傷病名 病名 診断 诊断 診斷 処方 处方 處方 治療 治疗 投薬 处理 處理 用药 性別 性别 主訴 主诉 既往歴 진단 처방 치료 성별",
];

const AGE = [
  "age alter âge edad idade età leeftijd wiek vârsta vârstă amžius vanus ikä ålder alder aldur életkor věk vek yaş umri umur tuổi",
  "ηλικία возраст вік възраст גיל العمر السن आयु उम्र वय ਉਮਰ বয়স อายุ 年齢 年龄 年齡 나이 연령",
];

const words = (lines: string[]) => new Set(lines.join(" ").split(/\s+/).filter(Boolean));
const KINDS: Array<[LabelKind, Set<string>]> = [["clinical", words(CLINICAL)], ["place", words([...PLACE, ...FACILITY])], ["person", words(PERSON)], ["age", words(AGE)]];
/** Words that make a label one of a number or a network address ("Hospital number", "Patient ID", "MAC address"): its value is no name or place. */
const NUMBER_WORDS = new Set("mac ip ipv4 ipv6 email e-mail web url website number no nr num id code ref reference nummer numéro numero número numer broj číslo szám numarası nambari nomor номер број αριθμός מספר رقم संख्या 번호 号码 番号".split(" "));
/** Entries in scripts written without spaces between words, looked for inside a label. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const INSIDE: Array<[LabelKind, string[]]> = KINDS.map(([kind, set]) => [kind, [...set].filter((w) => UNSPACED.test(w))]);
/** Two-word entries ("họ tên", "địa chỉ", "chẩn đoán"): their words are looked up as a pair. */
const LABEL_WORD = /[\p{L}\p{M}'’-]+/gu;

/** A word that names a number ("PESEL" aside): "номер", "رقم", "등록번호", "身份证号". */
export function numberWord(word: string): boolean {
  const lower = word.toLowerCase();
  return NUMBER_WORDS.has(lower) || /번호|号|番号/u.test(word);
}

/**
 * What a form label's value is, or `undefined` for a label of no known kind ("Date", "Tel", "CNP") or of a number
 * ("Hospital number", "Patient ID"). A clinical word decides first ("Name of medication"), then a place, then a person.
 */
export function labelKind(label: string): LabelKind | undefined {
  let kind = kindOf.get(label);
  if (kind === undefined) {
    // (Labels repeat from text to text: each is classed once, in a cache of bounded size.)
    if (kindOf.size > 20_000) kindOf.clear();
    kind = classify(label) ?? null;
    kindOf.set(label, kind);
  }
  return kind ?? undefined;
}
const kindOf = new Map<string, LabelKind | null>();

function classify(label: string): LabelKind | undefined {
  const lower = label.toLowerCase();
  const parts = lower.match(LABEL_WORD) ?? [];
  if (parts.length === 0 || parts.length > 5 || parts.some((p) => NUMBER_WORDS.has(p))) return undefined;
  for (const [kind, set] of KINDS) {
    let hit = false;
    for (let k = 0; k < parts.length && !hit; k++) hit = set.has(parts[k]!) || (k + 1 < parts.length && set.has(`${parts[k]} ${parts[k + 1]}`));
    if (!hit && UNSPACED.test(lower)) hit = INSIDE.find(([kd]) => kd === kind)![1].some((w) => lower.includes(w));
    if (hit) return kind;
  }
  return undefined;
}

/** A form line's label and value: offsets in the text, and the label's kind. */
export interface FormField {
  kind: LabelKind | undefined;
  labelStart: number;
  labelEnd: number;
  valueStart: number;
  /** The value runs to the line's end or to a gap of two spaces or more (the next field of the same line). */
  valueEnd: number;
  /** How many form lines of the text have this label (a transcript's speaker opens several). */
  repeats: number;
}

/** A label at a line's start, after a bracket, or after a gap of two spaces or more; its value up to the next such gap. */
const FIELD = /(?:^|[（(]|[ \t]{2,})[ \t]*([^\n:：（()）]{1,40}?)[ \t]*[:：][ \t]*((?:(?![ \t]{2})[^\n])*)/gu;

/** The form lines of a text ("Name: …", "Діагноз: …", "姓名：…   性别：…"); the last text's answer is kept. */
export function formFields(text: string): readonly FormField[] {
  if (text === fieldsOf) return fieldsAnswer;
  const out: FormField[] = [];
  // (Line by line, and only the lines with a colon: most lines of running text have none.)
  for (let from = 0; from < text.length;) {
    const nl = text.indexOf("\n", from);
    const end = nl < 0 ? text.length : nl;
    const colon = text.indexOf(":", from);
    const wide = text.indexOf("：", from);
    if ((colon >= 0 && colon < end) || (wide >= 0 && wide < end)) fieldsOfLine(text, from, end, out);
    from = end + 1;
  }
  const counts = new Map<string, number>();
  for (const f of out) {
    const label = text.slice(f.labelStart, f.labelEnd).toLowerCase();
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  for (const f of out) f.repeats = counts.get(text.slice(f.labelStart, f.labelEnd).toLowerCase())!;
  fieldsOf = text;
  fieldsAnswer = out;
  return out;
}

function fieldsOfLine(text: string, from: number, end: number, out: FormField[]): void {
  const line = text.slice(from, end);
  for (const m of line.matchAll(FIELD)) {
    const label = m[1]!;
    if (!/\p{L}/u.test(label)) continue;
    const valueStart = from + m.index + m[0].length - m[2]!.length;
    const labelStart = from + m.index + m[0].search(/[^\s（(]/u);
    // (A second label inside the value ends it, at the comma or bracket before it: "…, T.C. Kimlik No: …", "…（生年月日：…）".)
    let value = m[2]!;
    const inner = /[:：]/u.exec(value);
    if (inner) {
      const head = value.slice(0, inner.index);
      const cut = Math.max(head.lastIndexOf(","), head.lastIndexOf("（"), head.lastIndexOf("("), head.lastIndexOf("、"));
      value = cut > 0 ? value.slice(0, cut) : value;
    }
    out.push({ kind: labelKind(label), labelStart, labelEnd: labelStart + label.length, valueStart, valueEnd: valueStart + value.trimEnd().length, repeats: 1 });
  }
}
let fieldsOf: string | undefined;
let fieldsAnswer: readonly FormField[] = [];

/** For each token: the kind of the label it is part of, and of the label whose value holds it (known kinds only). */
export interface FieldTokens {
  label: Array<LabelKind | undefined>;
  value: Array<LabelKind | undefined>;
  /** The field whose value holds the token. */
  field: Array<FormField | undefined>;
}

export function fieldTokens(text: string, tokens: readonly { start: number; end: number }[]): FieldTokens {
  if (tokens === tokensOf) return tokensAnswer!;
  const out: FieldTokens = {
    label: new Array<LabelKind | undefined>(tokens.length),
    value: new Array<LabelKind | undefined>(tokens.length),
    field: new Array<FormField | undefined>(tokens.length),
  };
  let t0 = 0;
  for (const f of formFields(text)) {
    if (f.kind === undefined) continue;
    while (t0 < tokens.length && tokens[t0]!.end <= f.labelStart) t0++;
    for (let k = t0; k < tokens.length && tokens[k]!.start < f.valueEnd; k++) {
      if (tokens[k]!.start >= f.valueStart) {
        out.value[k] = f.kind;
        out.field[k] = f;
      } else if (tokens[k]!.end <= f.labelEnd) out.label[k] = f.kind;
    }
  }
  tokensOf = tokens;
  tokensAnswer = out;
  return out;
}
let tokensOf: readonly unknown[] | undefined;
let tokensAnswer: FieldTokens | undefined;

/** The zero of each script's decimal digits (Arabic-Indic, Persian, Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Thai, Lao, Tibetan, Myanmar, Khmer, full width). */
const ZEROS = [0x660, 0x6f0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xe50, 0xed0, 0xf20, 0x1040, 0x17e0, 0xff10];

/** Digits of those scripts as ASCII digits ("١٤٤٨" → "1448", "৭০০০৩২" → "700032"). */
export function asciiDigits(s: string): string {
  return s.replace(/\p{Nd}/gu, (d) => {
    const c = d.codePointAt(0)!;
    const zero = ZEROS.find((z) => c >= z && c <= z + 9);
    return zero === undefined ? d : String(c - zero);
  });
}

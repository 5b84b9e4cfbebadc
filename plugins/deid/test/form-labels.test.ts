import { describe, expect, it } from "vitest";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { asciiDigits, labelKind } from "../src/form-labels.ts";

/**
 * Form lines in other languages and scripts (#16, issue round 21): what follows a label of a person or place goes, what
 * follows a clinical label stays, the labels themselves stay. Recall mode. Every text is written for this test (not taken
 * from any evaluation set).
 */
const recall = new SafeHarborDeidentifier();
const precision = new SafeHarborDeidentifier({ mode: "precision" });
const clean = async (text: string, d = recall) => (await d.deidentify(text)).text;

describe("form labels", () => {
  it("classes labels of many languages and scripts by what their value is", () => {
    for (const l of ["Name", "Jina", "Nama", "Imię i nazwisko", "Пацієнт", "Ονοματεπώνυμο", "患者氏名", "성명", "ชื่อ", "Họ tên", "Lekarz prowadzący"]) expect(labelKind(l), l).toBe("person");
    for (const l of ["Adresa", "Anschrift", "Địa chỉ", "العنوان", "पता", "住址", "ที่อยู่", "Mahali"]) expect(labelKind(l), l).toBe("place");
    for (const l of ["Diagnosen", "Dijagnoza", "Utambuzi", "Tanı", "Діагноз", "诊断", "निदान", "Name of medication", "Medikation"]) expect(labelKind(l), l).toBe("clinical");
    for (const l of ["Ηλικία", "年龄", "Возраст", "Edad"]) expect(labelKind(l), l).toBe("age");
    // A number or a network address is no name or place; a label of no known kind says nothing.
    for (const l of ["Hospital number", "Patient ID", "MAC address", "Date", "Tel", "CNP"]) expect(labelKind(l), l).toBeUndefined();
  });

  it("reads digits of other scripts", () => {
    expect(asciiDigits("١٤٤٧")).toBe("1447");
    expect(asciiDigits("৭০০০৩২")).toBe("700032");
    expect(asciiDigits("१२/०३")).toBe("12/03");
  });
});

describe("form values in scripts with no safe list (recall mode)", () => {
  it("keeps the value of a clinical label and removes a place's value whatever its case", async () => {
    const ru = await clean("Пациентка: Галина Соколова\nАдрес: ул. Садовая, д. 5, кв. 9, Псков\nДиагноз: Сахарный диабет 2 типа, HbA1c 8,1\nНазначено: Метформин 850 мг");
    for (const w of ["Галина", "Соколова", "ул", "Садовая", "кв", "Псков"]) expect(ru).not.toContain(w);
    for (const w of ["Пациентка", "Адрес", "Диагноз", "Сахарный диабет", "HbA1c 8,1", "Метформин 850 мг"]) expect(ru).toContain(w);
    const zh = await clean("姓名：欧阳 明   性别：男   年龄：95岁\n诊断：糖尿病，高血压 2级\n处方：二甲双胍 500mg");
    for (const w of ["欧阳", "95岁"]) expect(zh).not.toContain(w);
    for (const w of ["性别", "男", "糖尿病", "高血压 2级", "二甲双胍 500mg"]) expect(zh).toContain(w);
  });

  it("takes a person's value over an abbreviation and a dash, and only an age over 89", async () => {
    const ar = await clean("التقرير\nالاسم: سامي الحربي\nالطبيب: د. ليلى القحطاني — مستشفى النور\nالعلاج: أموكسيسيلين 500 ملغ");
    for (const w of ["سامي", "ليلى", "القحطاني", "النور"]) expect(ar).not.toContain(w);
    expect(ar).toContain("500");
    const el = await clean("Ονοματεπώνυμο: Δέσποινα Κάππα\nΗλικία: 94 ετών\nΔιάγνωση: Καρδιακή ανεπάρκεια");
    expect(el).not.toContain("94");
    for (const w of ["ετών", "Καρδιακή ανεπάρκεια"]) expect(el).toContain(w);
    expect(await clean("Ονοματεπώνυμο: Δέσποινα Κάππα\nΗλικία: 64 ετών")).toContain("64");
  });

  it("reads a label with no colon at a line's start (Thai) and dates and postcodes in another script's digits", async () => {
    const th = await clean("ใบส่งตัว\nชื่อ นาย สมศักดิ์ ใจดี\nที่อยู่ 12/3 ถนนสุขุมวิท\nการวินิจฉัย ไข้หวัดใหญ่");
    for (const w of ["สมศักดิ์", "ถนนสุขุมวิท", "12"]) expect(th).not.toContain(w);
    expect(th).toContain("ไข้หวัดใหญ่");
    const bn = await clean("রোগী: অনিতা দাস\nতারিখ: ১২/০৩/২০২৫\nঠিকানা: ১৪ পার্ক রোড, ঢাকা ১২০৫");
    for (const w of ["১২/০৩/২০২৫", "১২০৫", "অনিতা"]) expect(bn).not.toContain(w);
  });

  it("leaves precision mode as it was", async () => {
    expect(await clean("Діагноз: Гіпертонія\nАдреса: вул. Липова, 3", precision)).toContain("Липова");
  });
});

describe("form values in Latin script (recall mode)", () => {
  it("keeps known labels, a clinical value and the form's title; removes a person's and a place's value", async () => {
    const sw = await clean("Fomu ya rufaa\nJina: Amani Wekesa\nMahali: Ndhiwa\nUtambuzi: Nimonia kali\nTarehe: 3 Machi 2025");
    for (const w of ["Amani", "Wekesa", "Ndhiwa", "Machi"]) expect(sw).not.toContain(w);
    for (const w of ["Fomu ya rufaa", "Jina:", "Mahali:", "Utambuzi: Nimonia kali", "Tarehe"]) expect(sw).toContain(w);
    const hr = await clean("Otpusno pismo\nPacijentica: Ivana Horvat\nAdresa: Ulica lipa 14, Osijek\nDijagnoza: Pneumonija, CRP 120\nLiječnik: dr. Marko Babić, Opća bolnica Zadar");
    for (const w of ["Ivana", "Horvat", "Ulica", "lipa", "Osijek", "Marko", "Babić", "Zadar"]) expect(hr).not.toContain(w);
    for (const w of ["Otpusno pismo", "Pacijentica:", "Dijagnoza: Pneumonija, CRP 120"]) expect(hr).toContain(w);
  });

  it("ends a value at its sentence and leaves a speaker's English speech alone", async () => {
    const out = await clean("Patient: Ottilie Brandauer. DOB: 1950-02-03. Plan: review.");
    expect(out).not.toContain("Brandauer");
    expect(out).toContain("DOB");
    const talk = "CLIENT: I'm fine most days, honestly.\nTHERAPIST: Good to hear.";
    expect(await clean(talk)).toBe(talk);
  });
});

describe("dates in local forms", () => {
  it("removes ordinal days, year-first dates and spaced numeric dates", async () => {
    for (const [text, gone] of [
      ["Vu le 1er mars 2025 en consultation.", "1er mars 2025"],
      ["Data: 1º de março de 2025", "1º de março de 2025"],
      ["Išrašyta 2025 m. kovo 3 d. namo.", "2025 m. kovo 3 d."],
      ["Kelt: 2025. március 3.", "2025. március 3."],
      ["Datum: 12. 3. 2025.", "12. 3. 2025"],
      ["Tanggal: 3 Maret 2025", "3 Maret 2025"],
    ]) expect(await clean(text!), text).not.toContain(gone);
  });
});

import { describe, expect, it } from "vitest";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { inOtherScript } from "../src/other-scripts.ts";

/**
 * Words in scripts no safe list covers (#16, twelfth round), recall mode. Every text is written for this test (not taken
 * from any evaluation set).
 */
const recall = new SafeHarborDeidentifier();
const precision = new SafeHarborDeidentifier({ mode: "precision" });
const clean = async (text: string, d = recall) => (await d.deidentify(text)).text;

describe("words in scripts with no safe list (recall mode)", () => {
  it("tells Latin words from words of other scripts", () => {
    for (const w of ["Ødegård", "Nguyễn", "Łukasz", "café", "2026"]) expect(inOtherScript(w), w).toBe(false);
    for (const w of ["Иванов", "Σοφία", "李", "たなか", "민수", "דנה", "سارة", "राम", "สมชาย"]) expect(inOtherScript(w), w).toBe(true);
  });

  it("removes a name or address in another script inside a Latin-script text", async () => {
    const out = await clean("Seen with her father Lee Min-su (이민수) and cousin Wang Fang 王芳 today.");
    for (const w of ["이민수", "王芳"]) expect(out).not.toContain(w);
    expect(out).toContain("today");
  });

  it("removes the values of form lines and keeps their labels and lower-case findings", async () => {
    const out = await clean("Пациент: Сергей Волков\nАдрес: Лесная улица 12, Тверь\nДиагноз: пневмония");
    for (const w of ["Сергей", "Волков", "Лесная", "12", "Тверь"]) expect(out).not.toContain(w);
    for (const w of ["Пациент", "Адрес", "Диагноз", "пневмония"]) expect(out).toContain(w);
  });

  it("removes capitalised words of a cased script inside a sentence, not the word that opens it", async () => {
    const out = await clean("Вчера пациентку осмотрела доктор Орлова в больнице.");
    expect(out).not.toContain("Орлова");
    expect(out).toContain("Вчера");
  });

  it("removes East Asian dates and month names of other scripts beside a number", async () => {
    const ja = await clean("診察日：2025年4月3日\n検査は正常でした。");
    expect(ja).not.toContain("2025年4月3日");
    const ko = await clean("방문일 2025년 5월 7일 두통 호소");
    for (const w of ["5월", "7일"]) expect(ko).not.toContain(w);
    const el = await clean("Η εξέταση έγινε στις 3 Μαρτίου 2025 χωρίς επιπλοκές.");
    expect(el).not.toContain("Μαρτίου");
  });

  it("removes a family and given name written with one space in Han or Kana text", async () => {
    const out = await clean("担当医 佐藤 健\n経過良好。");
    for (const w of ["佐藤", "健"]) expect(out).not.toContain(w);
    expect(out).toContain("経過良好");
  });

  it("leaves precision mode as it was", async () => {
    expect(await clean("Пациент: Сергей Волков", precision)).toContain("Волков");
  });
});

describe("capitalised words of a language with no word list (recall mode)", () => {
  it("keeps the word that opens a line, sentence or form value and runs on in lower case or into a date; removes the names", async () => {
    const out = await clean("Patient: Karin Lund\nBesök 2025-03-02 hos distriktssköterska på vårdcentralen.\n\nBlodtryck 148/90. Patienten är 77 år och mår bättre. " +
      "Fortsätter med enalapril 10 mg dagligen.\nDiagnos: Akut bronkit utan feber");
    for (const w of ["Besök", "Blodtryck", "Fortsätter", "Akut"]) expect(out).toContain(w);
    for (const w of ["Karin", "Lund", "2025"]) expect(out).not.toContain(w);
  });

  it("still removes a street that opens a line with its house number", async () => {
    const out = await clean("Praxis Dr. Ingrid Bauer\nLerchenstraße 9, 70176 Stuttgart\nBefund vom 3. März 2025: unauffällig.");
    for (const w of ["Lerchenstraße", "9", "70176"]) expect(out).not.toContain(w);
  });
});

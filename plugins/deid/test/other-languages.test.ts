import { describe, expect, it } from "vitest";
import { otherLanguageOf, otherLanguageWord } from "../src/other-languages.ts";

/** Sentences written for this test (not from any evaluation set). */
describe("other-languages: the text's language from its words, and that language's safe words", () => {
  it("names the language of texts in German, French, Dutch, Spanish, Portuguese, Italian and Polish", () => {
    expect(otherLanguageOf("Der Patient wurde gestern entlassen, und die Tochter hat ihn nach Hause gebracht. Es geht ihm besser.")).toBe("de");
    expect(otherLanguageOf("La patiente est rentrée chez elle hier soir, elle va mieux et elle mange bien.")).toBe("fr");
    expect(otherLanguageOf("De patiënt is gisteren naar huis gegaan en het gaat nu veel beter met hem.")).toBe("nl");
    expect(otherLanguageOf("El paciente se fue a casa ayer por la tarde y dice que está mucho mejor.")).toBe("es");
    expect(otherLanguageOf("O paciente voltou para casa ontem e disse que está muito melhor, obrigado.")).toBe("pt");
    expect(otherLanguageOf("Il paziente è tornato a casa ieri sera e dice che sta molto meglio adesso.")).toBe("it");
    expect(otherLanguageOf("Pacjent wrócił wczoraj do domu i mówi, że czuje się dużo lepiej niż przedtem.")).toBe("pl");
  });

  it("names none for English text, also with names and places of other languages in it", () => {
    expect(otherLanguageOf("Seen with her husband José after the fall at home in Málaga; she is much better and eating well today.")).toBeUndefined();
    expect(otherLanguageOf("Reviewed today. Plan: continue the current dose and see again in two weeks.")).toBeUndefined();
  });

  it("keeps the language's words and none of its packages' given names or surnames", () => {
    otherLanguageOf("Der Patient wurde gestern entlassen, und die Tochter hat ihn nach Hause gebracht.");
    expect(otherLanguageWord("de", "behandlung")).toBe(true);
    expect(otherLanguageWord("de", "müller")).toBe(false);
    expect(otherLanguageWord("de", "schmidt")).toBe(false);
  });
});

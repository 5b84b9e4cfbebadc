/** The domain `rounds init` gives a project when none is named: no single specialty. */
export const DEFAULT_DOMAIN = "clinical practice";

/**
 * The description a profile gets from its domain when none is given (as
 * `rounds init` writes it): the domain named, in the words clinical guidance
 * of any specialty uses, so a relevant guideline is not refused for not
 * being about one field. Mental health is named with its own words (mood,
 * trauma, psychotherapy, counselling…): a therapy guide or a counselling
 * leaflet shares few words with the vocabulary of diseases and medicines,
 * and was judged irrelevant under the default profile (outsider round 17).
 */
export const describeDomain = (domain: string): string =>
  `Clinical guidance, protocols, patient information and session material on ${domain}: diseases, conditions and disorders; `
  + "their symptoms, signs, causes, risk factors and diagnosis; tests, examinations and assessment; treatment, therapy, "
  + "medicines, doses and side effects; monitoring, safety, contraindications and precautions; prevention, prognosis, "
  + "complications, follow-up care, referral and consent; mental disorders: mood, anxiety, depression, trauma, grief, "
  + "sleep, eating, alcohol and substance misuse, self-harm and suicide risk, psychosis and behaviour; psychological and "
  + "psychiatric assessment, psychotherapy and counselling; for patients, families and clinicians.";

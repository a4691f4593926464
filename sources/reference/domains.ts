/**
 * Value domains of the synthetic registries: grant types and 2025/26 amounts, classifications (SIC, OFO/ISCO-08,
 * ICD-10), health programmes, the age pyramid and population groups. Shares are approximate Stats SA / SASSA
 * figures; they steer the generator and the tests that check it.
 */

/** SASSA grant types with the monthly amount (ZAR) from April 2025. */
export const GRANT_TYPES = {
  OAG: { name: 'Old age grant', monthlyAmount: 2315, monthlyAmountFrom75: 2335 },
  CSG: { name: 'Child support grant', monthlyAmount: 560 },
  DG: { name: 'Disability grant', monthlyAmount: 2315 },
  FCG: { name: 'Foster child grant', monthlyAmount: 1250 },
  CDG: { name: 'Care dependency grant', monthlyAmount: 2315 },
  WVG: { name: 'War veterans grant', monthlyAmount: 2335 },
  GIA: { name: 'Grant-in-aid', monthlyAmount: 560 },
  SRD: { name: 'Social relief of distress', monthlyAmount: 370 },
} as const;
export type GrantType = keyof typeof GRANT_TYPES;
export const GRANT_STATUSES = ['active', 'lapsed', 'suspended', 'rejected'] as const;

/** Standard Industrial Classification sections (SIC 7, = ISIC Rev 4) with approximate shares of SA employment. */
export const SIC_SECTIONS: Readonly<Record<string, { name: string; share: number }>> = {
  A: { name: 'Agriculture, forestry and fishing', share: 0.05 },
  B: { name: 'Mining and quarrying', share: 0.03 },
  C: { name: 'Manufacturing', share: 0.11 },
  D: { name: 'Electricity, gas, steam and air conditioning supply', share: 0.01 },
  E: { name: 'Water supply; sewerage, waste management', share: 0.005 },
  F: { name: 'Construction', share: 0.08 },
  G: { name: 'Wholesale and retail trade; repair of motor vehicles', share: 0.2 },
  H: { name: 'Transportation and storage', share: 0.06 },
  I: { name: 'Accommodation and food service activities', share: 0.04 },
  J: { name: 'Information and communication', share: 0.02 },
  K: { name: 'Financial and insurance activities', share: 0.04 },
  L: { name: 'Real estate activities', share: 0.015 },
  M: { name: 'Professional, scientific and technical activities', share: 0.03 },
  N: { name: 'Administrative and support service activities', share: 0.08 },
  O: { name: 'Public administration and defence; compulsory social security', share: 0.07 },
  P: { name: 'Education', share: 0.06 },
  Q: { name: 'Human health and social work activities', share: 0.05 },
  R: { name: 'Arts, entertainment and recreation', share: 0.01 },
  S: { name: 'Other service activities', share: 0.03 },
  T: { name: 'Activities of households as employers', share: 0.059 },
  U: { name: 'Activities of extraterritorial organisations', share: 0.001 },
};

/** OFO (= ISCO-08) major groups, share of employment, income multiplier and some 4-digit unit groups. */
export const OFO_MAJOR_GROUPS: Readonly<
  Record<string, { name: string; share: number; incomeFactor: number; unitGroups: readonly string[] }>
> = {
  '1': { name: 'Managers', share: 0.08, incomeFactor: 3.2, unitGroups: ['1120', '1211', '1321', '1420'] },
  '2': { name: 'Professionals', share: 0.06, incomeFactor: 2.6, unitGroups: ['2211', '2221', '2330', '2411', '2512'] },
  '3': {
    name: 'Technicians and associate professionals',
    share: 0.1,
    incomeFactor: 1.7,
    unitGroups: ['3115', '3221', '3313', '3411'],
  },
  '4': {
    name: 'Clerical support workers',
    share: 0.1,
    incomeFactor: 1.15,
    unitGroups: ['4110', '4211', '4311', '4222'],
  },
  '5': {
    name: 'Service and sales workers',
    share: 0.17,
    incomeFactor: 0.8,
    unitGroups: ['5120', '5223', '5230', '5414'],
  },
  '6': {
    name: 'Skilled agricultural, forestry and fishery workers',
    share: 0.005,
    incomeFactor: 0.7,
    unitGroups: ['6111', '6121'],
  },
  '7': {
    name: 'Craft and related trades workers',
    share: 0.12,
    incomeFactor: 1.0,
    unitGroups: ['7112', '7231', '7411', '7522'],
  },
  '8': {
    name: 'Plant and machine operators and assemblers',
    share: 0.08,
    incomeFactor: 0.95,
    unitGroups: ['8111', '8322', '8332', '8160'],
  },
  '9': {
    name: 'Elementary occupations',
    share: 0.285,
    incomeFactor: 0.55,
    unitGroups: ['9111', '9112', '9211', '9313'],
  },
};

/** Health programmes of the clinic visit drops. */
export const HEALTH_PROGRAMMES = ['PHC', 'HIV', 'TB', 'MCH', 'NCD', 'IMMUNISATION', 'MENTAL_HEALTH'] as const;
export type HealthProgramme = (typeof HEALTH_PROGRAMMES)[number];

/** ICD-10 (WHO) codes used per programme, with a short title. */
export const ICD10_CODES: Readonly<Record<HealthProgramme, Readonly<Record<string, string>>>> = {
  PHC: {
    'J06.9': 'Acute upper respiratory infection, unspecified',
    'J20.9': 'Acute bronchitis, unspecified',
    A09: 'Infectious gastroenteritis and colitis',
    'K29.7': 'Gastritis, unspecified',
    'L03.9': 'Cellulitis, unspecified',
    'M54.5': 'Low back pain',
    'N39.0': 'Urinary tract infection',
    'H10.9': 'Conjunctivitis, unspecified',
    'A60.0': 'Herpesviral infection of genitalia and urogenital tract',
  },
  HIV: {
    B20: 'HIV disease resulting in infectious and parasitic diseases',
    B24: 'Unspecified HIV disease',
    Z21: 'Asymptomatic HIV infection status',
    'Z71.7': 'HIV counselling',
  },
  TB: {
    'A15.0': 'Tuberculosis of lung, bacteriologically confirmed',
    'A16.9': 'Respiratory tuberculosis unspecified',
    'A19.9': 'Miliary tuberculosis, unspecified',
    'Z20.1': 'Contact with and exposure to tuberculosis',
  },
  MCH: {
    'Z34.9': 'Supervision of normal pregnancy, unspecified',
    'Z39.2': 'Routine postpartum follow-up',
    'Z30.0': 'General counselling and advice on contraception',
    'O99.8': 'Other specified diseases complicating pregnancy',
  },
  NCD: {
    I10: 'Essential (primary) hypertension',
    'E11.9': 'Type 2 diabetes mellitus without complications',
    'J45.9': 'Asthma, unspecified',
    'E78.5': 'Hyperlipidaemia, unspecified',
    'I50.9': 'Heart failure, unspecified',
  },
  IMMUNISATION: {
    Z23: 'Need for immunization against single bacterial diseases',
    'Z27.1': 'Need for immunization against diphtheria-tetanus-pertussis combined',
    'Z00.1': 'Routine child health examination',
  },
  MENTAL_HEALTH: {
    'F32.9': 'Depressive episode, unspecified',
    'F41.1': 'Generalized anxiety disorder',
    'F20.9': 'Schizophrenia, unspecified',
    'F10.2': 'Mental and behavioural disorders due to use of alcohol: dependence syndrome',
  },
};

/** Stats SA population groups with their 2025 mid-year-estimate shares. */
export const POPULATION_GROUPS: Readonly<Record<string, number>> = {
  'Black African': 0.814,
  Coloured: 0.082,
  'Indian/Asian': 0.027,
  White: 0.077,
};

/** Share of the population per 5-year age band (lower bound; last band 80–99), Stats SA MYE 2025 (approx.). */
export const AGE_PYRAMID: readonly { from: number; to: number; share: number }[] = [
  [0, 9.2],
  [5, 9.3],
  [10, 9.0],
  [15, 8.3],
  [20, 8.0],
  [25, 8.6],
  [30, 9.0],
  [35, 8.1],
  [40, 6.7],
  [45, 5.3],
  [50, 4.5],
  [55, 4.0],
  [60, 3.4],
  [65, 2.6],
  [70, 1.8],
  [75, 1.2],
  [80, 1.3],
].map(([from, pct], i, all) => ({ from: from!, to: i === all.length - 1 ? 99 : from! + 4, share: pct! / 100.3 }));

/** Institution types of the education registry. */
export const INSTITUTION_TYPES = ['school', 'tvet', 'university'] as const;
export const ENROLMENT_OUTCOMES = ['enrolled', 'passed', 'failed', 'dropped_out', 'completed'] as const;
export const SCHOOL_GRADES = ['R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] as const;

/** The 26 public universities: name, province, district or metro of the main campus. */
export const UNIVERSITIES: readonly [string, string, string][] = [
  ['University of Cape Town', 'WC', 'CPT'],
  ['Stellenbosch University', 'WC', 'DC2'],
  ['University of the Western Cape', 'WC', 'CPT'],
  ['Cape Peninsula University of Technology', 'WC', 'CPT'],
  ['University of the Witwatersrand', 'GP', 'JHB'],
  ['University of Johannesburg', 'GP', 'JHB'],
  ['University of Pretoria', 'GP', 'TSH'],
  ['Tshwane University of Technology', 'GP', 'TSH'],
  ['University of South Africa', 'GP', 'TSH'],
  ['Vaal University of Technology', 'GP', 'DC42'],
  ['Sefako Makgatho Health Sciences University', 'GP', 'TSH'],
  ['University of KwaZulu-Natal', 'KZN', 'ETH'],
  ['Durban University of Technology', 'KZN', 'ETH'],
  ['Mangosuthu University of Technology', 'KZN', 'ETH'],
  ['University of Zululand', 'KZN', 'DC28'],
  ['Rhodes University', 'EC', 'DC10'],
  ['Nelson Mandela University', 'EC', 'NMA'],
  ['University of Fort Hare', 'EC', 'DC12'],
  ['Walter Sisulu University', 'EC', 'DC15'],
  ['University of the Free State', 'FS', 'MAN'],
  ['Central University of Technology', 'FS', 'MAN'],
  ['North-West University', 'NW', 'DC40'],
  ['University of Limpopo', 'LP', 'DC35'],
  ['University of Venda', 'LP', 'DC34'],
  ['University of Mpumalanga', 'MP', 'DC32'],
  ['Sol Plaatje University', 'NC', 'DC9'],
];

/** Tertiary programmes (university first, then TVET). */
export const UNIVERSITY_PROGRAMMES = [
  'BA',
  'BCom',
  'BSc',
  'BEd',
  'LLB',
  'MBChB',
  'BEng',
  'BSocSci',
  'Diploma in Nursing',
] as const;
export const TVET_PROGRAMMES = [
  'NC(V) Engineering',
  'NC(V) Office Administration',
  'N4 Business Management',
  'N6 Electrical Engineering',
  'N5 Human Resource Management',
] as const;

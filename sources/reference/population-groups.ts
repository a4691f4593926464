/**
 * Population-group shares by province (approximate Census 2022). Weighted by the provincial shares they give the
 * national Stats SA mix: Black African ≈ 81 %, Coloured ≈ 8 %, White ≈ 8 %, Indian/Asian ≈ 3 %.
 */
export const PROVINCE_POPULATION_GROUPS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  WC: { 'Black African': 0.39, Coloured: 0.42, 'Indian/Asian': 0.015, White: 0.165 },
  EC: { 'Black African': 0.87, Coloured: 0.075, 'Indian/Asian': 0.005, White: 0.05 },
  NC: { 'Black African': 0.5, Coloured: 0.41, 'Indian/Asian': 0.01, White: 0.08 },
  FS: { 'Black African': 0.89, Coloured: 0.025, 'Indian/Asian': 0.005, White: 0.08 },
  KZN: { 'Black African': 0.88, Coloured: 0.012, 'Indian/Asian': 0.07, White: 0.038 },
  NW: { 'Black African': 0.91, Coloured: 0.02, 'Indian/Asian': 0.006, White: 0.064 },
  GP: { 'Black African': 0.84, Coloured: 0.03, 'Indian/Asian': 0.03, White: 0.1 },
  MP: { 'Black African': 0.93, Coloured: 0.008, 'Indian/Asian': 0.007, White: 0.055 },
  LP: { 'Black African': 0.97, Coloured: 0.003, 'Indian/Asian': 0.002, White: 0.025 },
};

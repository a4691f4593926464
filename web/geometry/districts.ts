/**
 * The 52 district and metropolitan municipalities of South Africa (Municipal Demarcation Board codes, 2016
 * boundaries) with a representative point inside each (approximate centroid, public knowledge, degrees).
 * Large districts carry extra points so their Voronoi cells cover roughly the right ground.
 */
export type ProvinceCode = 'EC' | 'FS' | 'GP' | 'KZN' | 'LP' | 'MP' | 'NC' | 'NW' | 'WC';

export interface DistrictSeed {
  code: string;
  name: string;
  province: ProvinceCode;
  /** [longitude, latitude] points; the first is the label point. */
  points: readonly (readonly [number, number])[];
}

/** Province names by code. */
export const PROVINCES: Record<ProvinceCode, string> = {
  EC: 'Eastern Cape',
  FS: 'Free State',
  GP: 'Gauteng',
  KZN: 'KwaZulu-Natal',
  LP: 'Limpopo',
  MP: 'Mpumalanga',
  NC: 'Northern Cape',
  NW: 'North West',
  WC: 'Western Cape',
};

/** Every district/metro with its province and representative points. */
export const DISTRICTS: readonly DistrictSeed[] = [
  { code: 'BUF', name: 'Buffalo City', province: 'EC', points: [[27.7, -32.95]] },
  { code: 'NMA', name: 'Nelson Mandela Bay', province: 'EC', points: [[25.5, -33.85]] },
  {
    code: 'DC10',
    name: 'Sarah Baartman',
    province: 'EC',
    points: [
      [24.8, -33.1],
      [24.0, -32.4],
      [26.3, -33.3],
    ],
  },
  {
    code: 'DC12',
    name: 'Amathole',
    province: 'EC',
    points: [
      [27.3, -32.5],
      [28.1, -32.4],
    ],
  },
  {
    code: 'DC13',
    name: 'Chris Hani',
    province: 'EC',
    points: [
      [26.9, -31.9],
      [27.6, -31.7],
    ],
  },
  {
    code: 'DC14',
    name: 'Joe Gqabi',
    province: 'EC',
    points: [
      [27.2, -30.9],
      [26.4, -31.0],
    ],
  },
  {
    code: 'DC15',
    name: 'O.R. Tambo',
    province: 'EC',
    points: [
      [29.0, -31.6],
      [28.6, -31.3],
    ],
  },
  {
    code: 'DC44',
    name: 'Alfred Nzo',
    province: 'EC',
    points: [
      [29.2, -30.7],
      [28.8, -30.4],
    ],
  },
  { code: 'MAN', name: 'Mangaung', province: 'FS', points: [[26.4, -29.2]] },
  {
    code: 'DC16',
    name: 'Xhariep',
    province: 'FS',
    points: [
      [25.6, -29.9],
      [25.0, -29.6],
    ],
  },
  {
    code: 'DC18',
    name: 'Lejweleputswa',
    province: 'FS',
    points: [
      [26.3, -28.1],
      [25.6, -28.3],
    ],
  },
  {
    code: 'DC19',
    name: 'Thabo Mofutsanyana',
    province: 'FS',
    points: [
      [28.4, -28.4],
      [27.6, -28.6],
    ],
  },
  { code: 'DC20', name: 'Fezile Dabi', province: 'FS', points: [[27.6, -27.2]] },
  { code: 'JHB', name: 'City of Johannesburg', province: 'GP', points: [[28.0, -26.15]] },
  { code: 'EKU', name: 'Ekurhuleni', province: 'GP', points: [[28.4, -26.15]] },
  { code: 'TSH', name: 'City of Tshwane', province: 'GP', points: [[28.35, -25.6]] },
  { code: 'DC42', name: 'Sedibeng', province: 'GP', points: [[28.0, -26.6]] },
  { code: 'DC48', name: 'West Rand', province: 'GP', points: [[27.5, -26.25]] },
  { code: 'ETH', name: 'eThekwini', province: 'KZN', points: [[30.9, -29.85]] },
  { code: 'DC21', name: 'Ugu', province: 'KZN', points: [[30.2, -30.6]] },
  { code: 'DC22', name: 'uMgungundlovu', province: 'KZN', points: [[30.2, -29.5]] },
  { code: 'DC23', name: 'uThukela', province: 'KZN', points: [[29.6, -28.7]] },
  { code: 'DC24', name: 'Umzinyathi', province: 'KZN', points: [[30.5, -28.5]] },
  { code: 'DC25', name: 'Amajuba', province: 'KZN', points: [[30.0, -27.8]] },
  { code: 'DC26', name: 'Zululand', province: 'KZN', points: [[31.3, -27.8]] },
  { code: 'DC27', name: 'Umkhanyakude', province: 'KZN', points: [[32.2, -27.3]] },
  { code: 'DC28', name: 'King Cetshwayo', province: 'KZN', points: [[31.6, -28.7]] },
  { code: 'DC29', name: 'iLembe', province: 'KZN', points: [[31.1, -29.3]] },
  {
    code: 'DC43',
    name: 'Harry Gwala',
    province: 'KZN',
    points: [
      [29.6, -30.0],
      [29.5, -30.4],
    ],
  },
  {
    code: 'DC33',
    name: 'Mopani',
    province: 'LP',
    points: [
      [30.9, -23.7],
      [31.2, -23.2],
    ],
  },
  {
    code: 'DC34',
    name: 'Vhembe',
    province: 'LP',
    points: [
      [30.3, -22.8],
      [29.5, -22.6],
    ],
  },
  { code: 'DC35', name: 'Capricorn', province: 'LP', points: [[29.2, -23.6]] },
  {
    code: 'DC36',
    name: 'Waterberg',
    province: 'LP',
    points: [
      [28.0, -24.0],
      [27.6, -23.5],
      [28.4, -24.6],
    ],
  },
  { code: 'DC47', name: 'Sekhukhune', province: 'LP', points: [[29.8, -24.7]] },
  {
    code: 'DC30',
    name: 'Gert Sibande',
    province: 'MP',
    points: [
      [30.0, -26.6],
      [29.3, -26.7],
    ],
  },
  { code: 'DC31', name: 'Nkangala', province: 'MP', points: [[29.3, -25.6]] },
  {
    code: 'DC32',
    name: 'Ehlanzeni',
    province: 'MP',
    points: [
      [31.0, -25.3],
      [31.4, -24.7],
    ],
  },
  {
    code: 'DC6',
    name: 'Namakwa',
    province: 'NC',
    points: [
      [19.0, -30.0],
      [17.8, -29.0],
      [20.5, -31.5],
    ],
  },
  {
    code: 'DC7',
    name: 'Pixley ka Seme',
    province: 'NC',
    points: [
      [23.5, -30.5],
      [22.5, -30.0],
      [24.4, -29.8],
    ],
  },
  {
    code: 'DC8',
    name: 'Z.F. Mgcawu',
    province: 'NC',
    points: [
      [21.2, -27.5],
      [20.2, -26.5],
      [21.5, -28.6],
    ],
  },
  { code: 'DC9', name: 'Frances Baard', province: 'NC', points: [[24.6, -28.6]] },
  { code: 'DC45', name: 'John Taolo Gaetsewe', province: 'NC', points: [[23.2, -26.9]] },
  { code: 'DC37', name: 'Bojanala', province: 'NW', points: [[27.2, -25.5]] },
  {
    code: 'DC38',
    name: 'Ngaka Modiri Molema',
    province: 'NW',
    points: [
      [25.6, -25.9],
      [26.2, -26.2],
    ],
  },
  {
    code: 'DC39',
    name: 'Dr Ruth Segomotsi Mompati',
    province: 'NW',
    points: [
      [24.7, -27.0],
      [24.3, -26.4],
    ],
  },
  { code: 'DC40', name: 'Dr Kenneth Kaunda', province: 'NW', points: [[26.7, -26.8]] },
  { code: 'CPT', name: 'City of Cape Town', province: 'WC', points: [[18.6, -33.95]] },
  {
    code: 'DC1',
    name: 'West Coast',
    province: 'WC',
    points: [
      [18.6, -32.4],
      [18.4, -31.6],
    ],
  },
  { code: 'DC2', name: 'Cape Winelands', province: 'WC', points: [[19.6, -33.6]] },
  {
    code: 'DC3',
    name: 'Overberg',
    province: 'WC',
    points: [
      [20.0, -34.35],
      [19.4, -34.3],
    ],
  },
  {
    code: 'DC4',
    name: 'Garden Route',
    province: 'WC',
    points: [
      [22.3, -33.8],
      [21.3, -33.6],
      [23.2, -33.7],
    ],
  },
  {
    code: 'DC5',
    name: 'Central Karoo',
    province: 'WC',
    points: [
      [22.3, -32.6],
      [21.5, -32.5],
    ],
  },
];

/**
 * South African administrative geography (Municipal Demarcation Board, 2016 boundaries as used since the 2021
 * local elections): 9 provinces, 8 metropolitan and 44 district municipalities, 205 local municipalities.
 * Population weights are approximate Census 2022 figures in thousands; they only steer where synthetic people
 * live (province shares are then scaled to the Stats SA mid-year estimates in `PROVINCES`).
 */

/** Province: code, name, Stats SA ward-code digit and mid-year-estimate share of the national population. */
export interface Province {
  code: string;
  name: string;
  digit: number;
  share: number;
}

/** A district or metropolitan municipality. `number` is the 3-digit stem used in synthesised ward codes. */
export interface District {
  code: string;
  name: string;
  provinceCode: string;
  kind: 'metro' | 'district';
  number: string;
}

/** A local municipality (metros appear here too, with their own code as both LM and district). */
export interface LocalMunicipality {
  code: string;
  name: string;
  districtCode: string;
  /** Approximate population in thousands. */
  population: number;
  /** Number of wards (synthesised, roughly proportional to population). */
  wards: number;
}

/** Stats SA mid-year population estimates (2025), shares of the national population. */
export const PROVINCES: readonly Province[] = [
  { code: 'WC', name: 'Western Cape', digit: 1, share: 0.119 },
  { code: 'EC', name: 'Eastern Cape', digit: 2, share: 0.111 },
  { code: 'NC', name: 'Northern Cape', digit: 3, share: 0.022 },
  { code: 'FS', name: 'Free State', digit: 4, share: 0.047 },
  { code: 'KZN', name: 'KwaZulu-Natal', digit: 5, share: 0.19 },
  { code: 'NW', name: 'North West', digit: 6, share: 0.066 },
  { code: 'GP', name: 'Gauteng', digit: 7, share: 0.265 },
  { code: 'MP', name: 'Mpumalanga', digit: 8, share: 0.08 },
  { code: 'LP', name: 'Limpopo', digit: 9, share: 0.1 },
];

type RawDistrict = [code: string, name: string, province: string, number: string, lms: [string, string, number][]];

// Metros carry a single pseudo-LM with the metro code; their population is given on that entry.
const RAW: RawDistrict[] = [
  ['BUF', 'Buffalo City', 'EC', '260', [['BUF', 'Buffalo City', 975]]],
  ['NMA', 'Nelson Mandela Bay', 'EC', '293', [['NMA', 'Nelson Mandela Bay', 1190]]],
  [
    'DC10',
    'Sarah Baartman',
    'EC',
    '210',
    [
      ['EC101', 'Dr Beyers Naude', 80],
      ['EC102', 'Blue Crane Route', 37],
      ['EC104', 'Makana', 85],
      ['EC105', 'Ndlambe', 70],
      ['EC106', 'Sundays River Valley', 65],
      ['EC108', 'Kouga', 125],
      ['EC109', 'Kou-Kamma', 45],
    ],
  ],
  [
    'DC12',
    'Amathole',
    'EC',
    '212',
    [
      ['EC121', 'Mbhashe', 260],
      ['EC122', 'Mnquma', 250],
      ['EC123', 'Great Kei', 35],
      ['EC124', 'Amahlathi', 120],
      ['EC126', 'Ngqushwa', 65],
      ['EC129', 'Raymond Mhlaba', 150],
    ],
  ],
  [
    'DC13',
    'Chris Hani',
    'EC',
    '213',
    [
      ['EC131', 'Inxuba Yethemba', 70],
      ['EC135', 'Intsika Yethu', 150],
      ['EC136', 'Emalahleni', 120],
      ['EC137', 'Engcobo', 160],
      ['EC138', 'Sakhisizwe', 65],
      ['EC139', 'Enoch Mgijima', 275],
    ],
  ],
  [
    'DC14',
    'Joe Gqabi',
    'EC',
    '214',
    [
      ['EC141', 'Elundini', 150],
      ['EC142', 'Senqu', 140],
      ['EC145', 'Walter Sisulu', 85],
    ],
  ],
  [
    'DC15',
    'O.R. Tambo',
    'EC',
    '215',
    [
      ['EC153', 'Ngquza Hill', 300],
      ['EC154', 'Port St Johns', 170],
      ['EC155', 'Nyandeni', 310],
      ['EC156', 'Mhlontlo', 190],
      ['EC157', 'King Sabata Dalindyebo', 530],
    ],
  ],
  [
    'DC44',
    'Alfred Nzo',
    'EC',
    '244',
    [
      ['EC441', 'Matatiele', 230],
      ['EC442', 'Umzimvubu', 220],
      ['EC443', 'Winnie Madikizela-Mandela', 320],
      ['EC444', 'Ntabankulu', 170],
    ],
  ],
  ['MAN', 'Mangaung', 'FS', '499', [['MAN', 'Mangaung', 811]]],
  [
    'DC16',
    'Xhariep',
    'FS',
    '416',
    [
      ['FS161', 'Letsemeng', 40],
      ['FS162', 'Kopanong', 50],
      ['FS163', 'Mohokare', 40],
    ],
  ],
  [
    'DC18',
    'Lejweleputswa',
    'FS',
    '418',
    [
      ['FS181', 'Masilonyana', 65],
      ['FS182', 'Tokologo', 30],
      ['FS183', 'Tswelopele', 50],
      ['FS184', 'Matjhabeng', 430],
      ['FS185', 'Nala', 85],
    ],
  ],
  [
    'DC19',
    'Thabo Mofutsanyana',
    'FS',
    '419',
    [
      ['FS191', 'Setsoto', 115],
      ['FS192', 'Dihlabeng', 140],
      ['FS193', 'Nketoana', 65],
      ['FS194', 'Maluti-a-Phofung', 355],
      ['FS195', 'Phumelela', 50],
      ['FS196', 'Mantsopa', 55],
    ],
  ],
  [
    'DC20',
    'Fezile Dabi',
    'FS',
    '420',
    [
      ['FS201', 'Moqhaka', 160],
      ['FS203', 'Ngwathe', 120],
      ['FS204', 'Metsimaholo', 170],
      ['FS205', 'Mafube', 55],
    ],
  ],
  ['EKU', 'City of Ekurhuleni', 'GP', '797', [['EKU', 'City of Ekurhuleni', 4070]]],
  ['JHB', 'City of Johannesburg', 'GP', '798', [['JHB', 'City of Johannesburg', 4800]]],
  ['TSH', 'City of Tshwane', 'GP', '799', [['TSH', 'City of Tshwane', 4040]]],
  [
    'DC42',
    'Sedibeng',
    'GP',
    '742',
    [
      ['GT421', 'Emfuleni', 800],
      ['GT422', 'Midvaal', 120],
      ['GT423', 'Lesedi', 130],
    ],
  ],
  [
    'DC48',
    'West Rand',
    'GP',
    '748',
    [
      ['GT481', 'Mogale City', 440],
      ['GT484', 'Merafong City', 200],
      ['GT485', 'Rand West City', 300],
    ],
  ],
  ['ETH', 'eThekwini', 'KZN', '595', [['ETH', 'eThekwini', 4240]]],
  [
    'DC21',
    'Ugu',
    'KZN',
    '521',
    [
      ['KZN212', 'Umdoni', 150],
      ['KZN213', 'Umzumbe', 160],
      ['KZN214', 'uMuziwabantu', 100],
      ['KZN216', 'Ray Nkonyeni', 390],
    ],
  ],
  [
    'DC22',
    'uMgungundlovu',
    'KZN',
    '522',
    [
      ['KZN221', 'uMshwathi', 110],
      ['KZN222', 'uMngeni', 110],
      ['KZN223', 'Mpofana', 40],
      ['KZN224', 'Impendle', 35],
      ['KZN225', 'Msunduzi', 750],
      ['KZN226', 'Mkhambathini', 65],
      ['KZN227', 'Richmond', 80],
    ],
  ],
  [
    'DC23',
    'uThukela',
    'KZN',
    '523',
    [
      ['KZN235', 'Okhahlamba', 140],
      ['KZN237', 'Inkosi Langalibalele', 220],
      ['KZN238', 'Alfred Duma', 380],
    ],
  ],
  [
    'DC24',
    'uMzinyathi',
    'KZN',
    '524',
    [
      ['KZN241', 'Endumeni', 70],
      ['KZN242', 'Nquthu', 170],
      ['KZN244', 'Msinga', 190],
      ['KZN245', 'Umvoti', 170],
    ],
  ],
  [
    'DC25',
    'Amajuba',
    'KZN',
    '525',
    [
      ['KZN252', 'Newcastle', 430],
      ['KZN253', 'eMadlangeni', 35],
      ['KZN254', 'Dannhauser', 115],
    ],
  ],
  [
    'DC26',
    'Zululand',
    'KZN',
    '526',
    [
      ['KZN261', 'eDumbe', 90],
      ['KZN262', 'uPhongolo', 150],
      ['KZN263', 'Abaqulusi', 250],
      ['KZN265', 'Nongoma', 210],
      ['KZN266', 'Ulundi', 200],
    ],
  ],
  [
    'DC27',
    'uMkhanyakude',
    'KZN',
    '527',
    [
      ['KZN271', 'Umhlabuyalingana', 190],
      ['KZN272', 'Jozini', 210],
      ['KZN275', 'Mtubatuba', 200],
      ['KZN276', 'Big Five Hlabisa', 150],
    ],
  ],
  [
    'DC28',
    'King Cetshwayo',
    'KZN',
    '528',
    [
      ['KZN281', 'uMfolozi', 150],
      ['KZN282', 'uMhlathuze', 420],
      ['KZN284', 'uMlalazi', 220],
      ['KZN285', 'Mthonjaneni', 80],
      ['KZN286', 'Nkandla', 130],
    ],
  ],
  [
    'DC29',
    'iLembe',
    'KZN',
    '529',
    [
      ['KZN291', 'Mandeni', 160],
      ['KZN292', 'KwaDukuza', 330],
      ['KZN293', 'Ndwedwe', 170],
      ['KZN294', 'Maphumulo', 120],
    ],
  ],
  [
    'DC43',
    'Harry Gwala',
    'KZN',
    '543',
    [
      ['KZN433', 'Greater Kokstad', 80],
      ['KZN434', 'Ubuhlebezwe', 120],
      ['KZN435', 'Umzimkhulu', 200],
      ['KZN436', 'Dr Nkosazana Dlamini Zuma', 140],
    ],
  ],
  [
    'DC33',
    'Mopani',
    'LP',
    '933',
    [
      ['LIM331', 'Greater Giyani', 260],
      ['LIM332', 'Greater Letaba', 230],
      ['LIM333', 'Greater Tzaneen', 440],
      ['LIM334', 'Ba-Phalaborwa', 170],
      ['LIM335', 'Maruleng', 120],
    ],
  ],
  [
    'DC34',
    'Vhembe',
    'LP',
    '934',
    [
      ['LIM341', 'Musina', 130],
      ['LIM343', 'Thulamela', 500],
      ['LIM344', 'Makhado', 420],
      ['LIM345', 'Collins Chabane', 490],
    ],
  ],
  [
    'DC35',
    'Capricorn',
    'LP',
    '935',
    [
      ['LIM351', 'Blouberg', 170],
      ['LIM353', 'Molemole', 130],
      ['LIM354', 'Polokwane', 850],
      ['LIM355', 'Lepele-Nkumpi', 250],
    ],
  ],
  [
    'DC36',
    'Waterberg',
    'LP',
    '936',
    [
      ['LIM361', 'Thabazimbi', 100],
      ['LIM362', 'Lephalale', 140],
      ['LIM366', 'Bela-Bela', 80],
      ['LIM367', 'Mogalakwena', 360],
      ['LIM368', 'Modimolle-Mookgophong', 110],
    ],
  ],
  [
    'DC47',
    'Sekhukhune',
    'LP',
    '947',
    [
      ['LIM471', 'Ephraim Mogale', 130],
      ['LIM472', 'Elias Motsoaledi', 270],
      ['LIM473', 'Makhuduthamaga', 280],
      ['LIM476', 'Fetakgomo Tubatse', 550],
    ],
  ],
  [
    'DC30',
    'Gert Sibande',
    'MP',
    '830',
    [
      ['MP301', 'Chief Albert Luthuli', 200],
      ['MP302', 'Msukaligwa', 170],
      ['MP303', 'Mkhondo', 190],
      ['MP304', 'Dr Pixley Ka Isaka Seme', 90],
      ['MP305', 'Lekwa', 120],
      ['MP306', 'Dipaleseng', 50],
      ['MP307', 'Govan Mbeki', 480],
    ],
  ],
  [
    'DC31',
    'Nkangala',
    'MP',
    '831',
    [
      ['MP311', 'Victor Khanye', 90],
      ['MP312', 'Emalahleni', 520],
      ['MP313', 'Steve Tshwete', 300],
      ['MP314', 'Emakhazeni', 50],
      ['MP315', 'Thembisile Hani', 370],
      ['MP316', 'Dr JS Moroka', 290],
    ],
  ],
  [
    'DC32',
    'Ehlanzeni',
    'MP',
    '832',
    [
      ['MP321', 'Thaba Chweu', 110],
      ['MP324', 'Nkomazi', 470],
      ['MP325', 'Bushbuckridge', 620],
      ['MP326', 'City of Mbombela', 800],
    ],
  ],
  [
    'DC45',
    'John Taolo Gaetsewe',
    'NC',
    '345',
    [
      ['NC451', 'Joe Morolong', 90],
      ['NC452', 'Ga-Segonyana', 110],
      ['NC453', 'Gamagara', 60],
    ],
  ],
  [
    'DC6',
    'Namakwa',
    'NC',
    '306',
    [
      ['NC061', 'Richtersveld', 12],
      ['NC062', 'Nama Khoi', 50],
      ['NC064', 'Kamiesberg', 10],
      ['NC065', 'Hantam', 23],
      ['NC066', 'Karoo Hoogland', 13],
      ['NC067', 'Khai-Ma', 14],
    ],
  ],
  [
    'DC7',
    'Pixley ka Seme',
    'NC',
    '307',
    [
      ['NC071', 'Ubuntu', 20],
      ['NC072', 'Umsobomvu', 30],
      ['NC073', 'Emthanjeni', 45],
      ['NC074', 'Kareeberg', 12],
      ['NC075', 'Renosterberg', 12],
      ['NC076', 'Thembelihle', 17],
      ['NC077', 'Siyathemba', 24],
      ['NC078', 'Siyancuma', 40],
    ],
  ],
  [
    'DC8',
    'ZF Mgcawu',
    'NC',
    '308',
    [
      ['NC082', 'Kai !Garib', 70],
      ['NC084', '!Kheis', 17],
      ['NC085', 'Tsantsabane', 45],
      ['NC086', 'Kgatelopele', 22],
      ['NC087', 'Dawid Kruiper', 110],
    ],
  ],
  [
    'DC9',
    'Frances Baard',
    'NC',
    '309',
    [
      ['NC091', 'Sol Plaatje', 270],
      ['NC092', 'Dikgatlong', 50],
      ['NC093', 'Magareng', 25],
      ['NC094', 'Phokwane', 65],
    ],
  ],
  [
    'DC37',
    'Bojanala Platinum',
    'NW',
    '637',
    [
      ['NW371', 'Moretele', 200],
      ['NW372', 'Madibeng', 530],
      ['NW373', 'Rustenburg', 640],
      ['NW374', 'Kgetlengrivier', 60],
      ['NW375', 'Moses Kotane', 250],
    ],
  ],
  [
    'DC38',
    'Ngaka Modiri Molema',
    'NW',
    '638',
    [
      ['NW381', 'Ratlou', 110],
      ['NW382', 'Tswaing', 130],
      ['NW383', 'Mahikeng', 330],
      ['NW384', 'Ditsobotla', 180],
      ['NW385', 'Ramotshere Moiloa', 190],
    ],
  ],
  [
    'DC39',
    'Dr Ruth Segomotsi Mompati',
    'NW',
    '639',
    [
      ['NW392', 'Naledi', 70],
      ['NW393', 'Mamusa', 65],
      ['NW394', 'Greater Taung', 190],
      ['NW396', 'Lekwa-Teemane', 55],
      ['NW397', 'Kagisano-Molopo', 110],
    ],
  ],
  [
    'DC40',
    'Dr Kenneth Kaunda',
    'NW',
    '640',
    [
      ['NW403', 'City of Matlosana', 450],
      ['NW404', 'Maquassi Hills', 90],
      ['NW405', 'JB Marks', 250],
    ],
  ],
  ['CPT', 'City of Cape Town', 'WC', '191', [['CPT', 'City of Cape Town', 4770]]],
  [
    'DC1',
    'West Coast',
    'WC',
    '101',
    [
      ['WC011', 'Matzikama', 75],
      ['WC012', 'Cederberg', 55],
      ['WC013', 'Bergrivier', 70],
      ['WC014', 'Saldanha Bay', 135],
      ['WC015', 'Swartland', 165],
    ],
  ],
  [
    'DC2',
    'Cape Winelands',
    'WC',
    '102',
    [
      ['WC022', 'Witzenberg', 145],
      ['WC023', 'Drakenstein', 300],
      ['WC024', 'Stellenbosch', 200],
      ['WC025', 'Breede Valley', 210],
      ['WC026', 'Langeberg', 110],
    ],
  ],
  [
    'DC3',
    'Overberg',
    'WC',
    '103',
    [
      ['WC031', 'Theewaterskloof', 125],
      ['WC032', 'Overstrand', 110],
      ['WC033', 'Cape Agulhas', 40],
      ['WC034', 'Swellendam', 45],
    ],
  ],
  [
    'DC4',
    'Garden Route',
    'WC',
    '104',
    [
      ['WC041', 'Kannaland', 25],
      ['WC042', 'Hessequa', 60],
      ['WC043', 'Mossel Bay', 140],
      ['WC044', 'George', 295],
      ['WC045', 'Oudtshoorn', 95],
      ['WC047', 'Bitou', 75],
      ['WC048', 'Knysna', 85],
    ],
  ],
  [
    'DC5',
    'Central Karoo',
    'WC',
    '105',
    [
      ['WC051', 'Laingsburg', 11],
      ['WC052', 'Prince Albert', 17],
      ['WC053', 'Beaufort West', 52],
    ],
  ],
];

// About 4 468 wards nationally in 2021: one per ~14 000 people, with at least 4 in the smallest municipality.
const PEOPLE_PER_WARD_THOUSANDS = 14;

/** The 52 district and metropolitan municipalities. */
export const DISTRICTS: readonly District[] = RAW.map(([code, name, provinceCode, number]) => ({
  code,
  name,
  provinceCode,
  kind: /^DC\d+$/.test(code) ? 'district' : 'metro',
  number,
}));

/** The 205 local municipalities plus the 8 metros (whose LM code is the metro code). */
export const LOCAL_MUNICIPALITIES: readonly LocalMunicipality[] = RAW.flatMap(([districtCode, , , , lms]) =>
  lms.map(([code, name, population]) => ({
    code,
    name,
    districtCode,
    population,
    wards: Math.max(4, Math.round(population / PEOPLE_PER_WARD_THOUSANDS)),
  })),
);

/** A ward: `code` is 8 digits — province digit, district stem, LM digit, 3-digit ward number. */
export interface Ward {
  code: string;
  localMunicipalityCode: string;
  number: number;
}

/** The 2-digit municipality part of a ward code: `KZN225` → `05`; metros use `00`. */
function municipalityPart(lmCode: string): string {
  const digits = /(\d)$/.exec(lmCode);
  return digits && /\d{3}$/.test(lmCode) ? `0${digits[1]}` : '00';
}

/** Synthesised wards under every local municipality and metro. */
export const WARDS: readonly Ward[] = LOCAL_MUNICIPALITIES.flatMap((lm) => {
  const district = DISTRICTS.find((d) => d.code === lm.districtCode)!;
  const province = PROVINCES.find((p) => p.code === district.provinceCode)!;
  const stem = `${province.digit}${district.number.slice(1)}${municipalityPart(lm.code)}`;
  return Array.from({ length: lm.wards }, (_, i) => ({
    code: `${stem}${String(i + 1).padStart(3, '0')}`,
    localMunicipalityCode: lm.code,
    number: i + 1,
  }));
});

/** Given names and surnames used for synthetic people, by population group (all common South African names). */
export const NAMES: Readonly<Record<string, { female: readonly string[]; male: readonly string[]; surnames: readonly string[] }>> = {
  'Black African': {
    female: ['Thandi', 'Nomsa', 'Lerato', 'Zanele', 'Nokuthula', 'Palesa', 'Ayanda', 'Thabile', 'Nthabiseng', 'Mpho', 'Busisiwe', 'Lindiwe', 'Refilwe', 'Naledi', 'Khanyisile', 'Sibongile', 'Precious', 'Boitumelo', 'Nandi', 'Zodwa', 'Dineo', 'Kgomotso', 'Nosipho', 'Lwazi', 'Amahle', 'Rirhandzu', 'Mulalo', 'Tshegofatso'],
    male: ['Sipho', 'Thabo', 'Bongani', 'Mandla', 'Themba', 'Sibusiso', 'Kagiso', 'Tshepo', 'Lungile', 'Mpho', 'Lucky', 'Andile', 'Katlego', 'Siyabonga', 'Tebogo', 'Vusi', 'Jabulani', 'Musa', 'Xolani', 'Lwazi', 'Teboho', 'Neo', 'Karabo', 'Mthunzi', 'Ndumiso', 'Rofhiwa', 'Hlulani', 'Lethabo'],
    surnames: ['Dlamini', 'Nkosi', 'Ndlovu', 'Khumalo', 'Mokoena', 'Mahlangu', 'Sithole', 'Mthembu', 'Zulu', 'Mkhize', 'Ngcobo', 'Molefe', 'Nkuna', 'Mabaso', 'Shabalala', 'Radebe', 'Maseko', 'Baloyi', 'Mathebula', 'Zungu', 'Cele', 'Gumede', 'Hadebe', 'Mbatha', 'Mnguni', 'Tshabalala', 'Mofokeng', 'Nxumalo', 'Xaba', 'Buthelezi', 'Ntuli', 'Mashaba', 'Maluleke', 'Phiri', 'Ramaphosa', 'Mabena', 'Netshitenzhe', 'Mudau', 'Makhubela', 'Sibiya'],
  },
  Coloured: {
    female: ['Chantel', 'Bianca', 'Shireen', 'Natasha', 'Nadia', 'Charmaine', 'Lee-Ann', 'Monique', 'Juanita', 'Zelda', 'Desiree', 'Ilse', 'Roxanne', 'Bronwyn'],
    male: ['Ashwin', 'Clive', 'Shaun', 'Ricardo', 'Nathan', 'Jerome', 'Brandon', 'Deon', 'Marlon', 'Ebrahim', 'Wesley', 'Quinton', 'Lionel', 'Keagan'],
    surnames: ['Adams', 'Jacobs', 'Petersen', 'Williams', 'Hendricks', 'Isaacs', 'Abrahams', 'Arendse', 'Jansen', 'Samuels', 'Daniels', 'Fortuin', 'Davids', 'Solomons', 'Februarie', 'Jafta', 'Booysen', 'Cloete'],
  },
  'Indian/Asian': {
    female: ['Priya', 'Kavitha', 'Anusha', 'Shamila', 'Nalini', 'Fatima', 'Ayesha', 'Rookaya', 'Divya', 'Sharmila', 'Reshma', 'Zainab'],
    male: ['Rajesh', 'Pravin', 'Yusuf', 'Vikash', 'Dinesh', 'Suren', 'Ahmed', 'Kiran', 'Nishan', 'Imran', 'Devan', 'Ravi'],
    surnames: ['Naidoo', 'Pillay', 'Govender', 'Moodley', 'Reddy', 'Chetty', 'Singh', 'Maharaj', 'Patel', 'Naicker', 'Padayachee', 'Khan', 'Moosa', 'Essop', 'Ramsamy', 'Sewpersad'],
  },
  White: {
    female: ['Anna', 'Elize', 'Marike', 'Sarah', 'Jessica', 'Liezl', 'Karin', 'Michelle', 'Annelie', 'Nicole', 'Lauren', 'Riana', 'Chloe', 'Susan'],
    male: ['Johan', 'Pieter', 'Willem', 'Hendrik', 'Michael', 'David', 'Jaco', 'Gerhard', 'Ryan', 'Francois', 'Stefan', 'Christo', 'Jason', 'Andre'],
    surnames: ['van der Merwe', 'Botha', 'Nel', 'Pretorius', 'du Plessis', 'Smith', 'van Wyk', 'Steyn', 'Venter', 'Fourie', 'Coetzee', 'Kruger', 'Jacobs', 'Naude', 'Muller', 'Visser', 'Meyer', 'Swanepoel'],
  },
};

/** Street names for synthetic addresses. */
export const STREET_NAMES: readonly string[] = [
  'Main', 'Church', 'Nelson Mandela', 'Oliver Tambo', 'Voortrekker', 'Station', 'Market', 'Jan Smuts', 'Albertina Sisulu',
  'Steve Biko', 'Chris Hani', 'Long', 'High', 'Park', 'Hospital', 'School', 'Victoria', 'Beyers Naude', 'Walter Sisulu', 'Mahatma Gandhi',
];

/**
 * Reference tables and phrase stock for the sample generator: Mexican states, area codes (ladas),
 * time zones, names, and the Spanish fragments that messages are built from.
 *
 * Area codes: each lada below appears in Google libphonenumber's geocoding text for +52
 * (resources/geocoding/es/52.txt, Apache-2.0, generated from the ITU's Mexican numbering notice),
 * except 56 (Mexico City metro area, assigned later) and 664 (Tijuana), which that file lacks.
 * 55 and 56 are shared by Ciudad de México and the Estado de México suburbs. Ladas whose numbering
 * area straddles two states in that file (867, 870, 872, 427, ...) are left out on purpose so
 * every other lada maps to exactly one state.
 *
 * Time zones (2026, after Mexico's 2022 law): most of the country is UTC-6 all year; Quintana
 * Roo UTC-5; Baja California Sur, Nayarit, Sinaloa and Sonora UTC-7; Baja California and the
 * border strip (Ciudad Juárez; Piedras Negras, Acuña, Reynosa, Matamoros) follow US daylight
 * saving time.
 *
 * Population weights: INEGI Censo 2020, millions of inhabitants.
 */

export const ISSUES = [
  'seguridad', 'economia', 'salud', 'educacion', 'corrupcion', 'agua',
  'migracion', 'medio_ambiente', 'transporte', 'vivienda', 'campo', 'mujeres',
] as const;
export type IssueKey = (typeof ISSUES)[number];

export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBandIndex(age: number): number {
  if (age < 25) return 0;
  if (age < 35) return 1;
  if (age < 45) return 2;
  if (age < 55) return 3;
  if (age < 65) return 4;
  return 5;
}

/** Share of senders per age band (WhatsApp users skew young-to-middle). */
export const AGE_BAND_WEIGHTS = [0.17, 0.24, 0.21, 0.17, 0.12, 0.09];
/** Inclusive age range per band; 65+ stops at 85. */
export const AGE_BAND_RANGES: ReadonlyArray<readonly [number, number]> = [
  [18, 24], [25, 34], [35, 44], [45, 54], [55, 64], [65, 85],
];

export type ZoneKind = 'central' | 'pacific' | 'southeast' | 'us-pacific' | 'us-mountain' | 'us-central';

/** Standard offset and, for zones that follow US daylight saving time, the summer offset (minutes). */
export const ZONES: Record<ZoneKind, { standard: number; daylight: number | null; tz: string }> = {
  central: { standard: -360, daylight: null, tz: 'America/Mexico_City' },
  pacific: { standard: -420, daylight: null, tz: 'America/Mazatlan' },
  southeast: { standard: -300, daylight: null, tz: 'America/Cancun' },
  'us-pacific': { standard: -480, daylight: -420, tz: 'America/Tijuana' },
  'us-mountain': { standard: -420, daylight: -360, tz: 'America/Ciudad_Juarez' },
  'us-central': { standard: -360, daylight: -300, tz: 'America/Matamoros' },
};

export interface LadaInfo {
  lada: string;
  /** ISO 3166-2:MX codes; two only for 55/56. */
  states: readonly string[];
  city: string;
  zone: ZoneKind;
}

/** lada -> state(s), main city, time zone. */
export const LADAS: readonly LadaInfo[] = [
  { lada: '449', states: ['MX-AGU'], city: 'Aguascalientes', zone: 'central' },
  { lada: '465', states: ['MX-AGU'], city: 'Calvillo / Rincón de Romos', zone: 'central' },
  { lada: '664', states: ['MX-BCN'], city: 'Tijuana', zone: 'us-pacific' },
  { lada: '686', states: ['MX-BCN'], city: 'Mexicali', zone: 'us-pacific' },
  { lada: '646', states: ['MX-BCN'], city: 'Ensenada', zone: 'us-pacific' },
  { lada: '665', states: ['MX-BCN'], city: 'Tecate', zone: 'us-pacific' },
  { lada: '661', states: ['MX-BCN'], city: 'Rosarito', zone: 'us-pacific' },
  { lada: '612', states: ['MX-BCS'], city: 'La Paz', zone: 'pacific' },
  { lada: '624', states: ['MX-BCS'], city: 'Los Cabos', zone: 'pacific' },
  { lada: '613', states: ['MX-BCS'], city: 'Ciudad Constitución', zone: 'pacific' },
  { lada: '981', states: ['MX-CAM'], city: 'Campeche', zone: 'central' },
  { lada: '938', states: ['MX-CAM'], city: 'Ciudad del Carmen', zone: 'central' },
  { lada: '961', states: ['MX-CHP'], city: 'Tuxtla Gutiérrez', zone: 'central' },
  { lada: '962', states: ['MX-CHP'], city: 'Tapachula', zone: 'central' },
  { lada: '967', states: ['MX-CHP'], city: 'San Cristóbal de las Casas', zone: 'central' },
  { lada: '614', states: ['MX-CHH'], city: 'Chihuahua', zone: 'central' },
  { lada: '656', states: ['MX-CHH'], city: 'Ciudad Juárez', zone: 'us-mountain' },
  { lada: '627', states: ['MX-CHH'], city: 'Parral', zone: 'central' },
  { lada: '639', states: ['MX-CHH'], city: 'Delicias', zone: 'central' },
  { lada: '625', states: ['MX-CHH'], city: 'Cuauhtémoc', zone: 'central' },
  { lada: '55', states: ['MX-CMX', 'MX-MEX'], city: 'Ciudad de México y zona metropolitana', zone: 'central' },
  { lada: '56', states: ['MX-CMX', 'MX-MEX'], city: 'Ciudad de México y zona metropolitana', zone: 'central' },
  { lada: '844', states: ['MX-COA'], city: 'Saltillo', zone: 'central' },
  { lada: '871', states: ['MX-COA'], city: 'Torreón', zone: 'central' },
  { lada: '866', states: ['MX-COA'], city: 'Monclova', zone: 'central' },
  { lada: '878', states: ['MX-COA'], city: 'Piedras Negras', zone: 'us-central' },
  { lada: '877', states: ['MX-COA'], city: 'Ciudad Acuña', zone: 'us-central' },
  { lada: '312', states: ['MX-COL'], city: 'Colima', zone: 'central' },
  { lada: '314', states: ['MX-COL'], city: 'Manzanillo', zone: 'central' },
  { lada: '618', states: ['MX-DUR'], city: 'Durango', zone: 'central' },
  { lada: '674', states: ['MX-DUR'], city: 'Santiago Papasquiaro', zone: 'central' },
  { lada: '677', states: ['MX-DUR'], city: 'Durango (norte)', zone: 'central' },
  { lada: '477', states: ['MX-GUA'], city: 'León', zone: 'central' },
  { lada: '473', states: ['MX-GUA'], city: 'Guanajuato', zone: 'central' },
  { lada: '462', states: ['MX-GUA'], city: 'Irapuato', zone: 'central' },
  { lada: '461', states: ['MX-GUA'], city: 'Celaya', zone: 'central' },
  { lada: '464', states: ['MX-GUA'], city: 'Salamanca', zone: 'central' },
  { lada: '415', states: ['MX-GUA'], city: 'San Miguel de Allende', zone: 'central' },
  { lada: '747', states: ['MX-GRO'], city: 'Chilpancingo', zone: 'central' },
  { lada: '744', states: ['MX-GRO'], city: 'Acapulco', zone: 'central' },
  { lada: '755', states: ['MX-GRO'], city: 'Zihuatanejo', zone: 'central' },
  { lada: '733', states: ['MX-GRO'], city: 'Iguala', zone: 'central' },
  { lada: '762', states: ['MX-GRO'], city: 'Taxco', zone: 'central' },
  { lada: '771', states: ['MX-HID'], city: 'Pachuca', zone: 'central' },
  { lada: '775', states: ['MX-HID'], city: 'Tulancingo', zone: 'central' },
  { lada: '773', states: ['MX-HID'], city: 'Tula', zone: 'central' },
  { lada: '779', states: ['MX-HID'], city: 'Tizayuca', zone: 'central' },
  { lada: '33', states: ['MX-JAL'], city: 'Guadalajara', zone: 'central' },
  { lada: '322', states: ['MX-JAL'], city: 'Puerto Vallarta', zone: 'central' },
  { lada: '341', states: ['MX-JAL'], city: 'Ciudad Guzmán', zone: 'central' },
  { lada: '474', states: ['MX-JAL'], city: 'Lagos de Moreno', zone: 'central' },
  { lada: '392', states: ['MX-JAL'], city: 'Ocotlán', zone: 'central' },
  { lada: '722', states: ['MX-MEX'], city: 'Toluca', zone: 'central' },
  { lada: '595', states: ['MX-MEX'], city: 'Texcoco', zone: 'central' },
  { lada: '712', states: ['MX-MEX'], city: 'Atlacomulco', zone: 'central' },
  { lada: '443', states: ['MX-MIC'], city: 'Morelia', zone: 'central' },
  { lada: '452', states: ['MX-MIC'], city: 'Uruapan', zone: 'central' },
  { lada: '351', states: ['MX-MIC'], city: 'Zamora', zone: 'central' },
  { lada: '453', states: ['MX-MIC'], city: 'Apatzingán', zone: 'central' },
  { lada: '352', states: ['MX-MIC'], city: 'La Piedad', zone: 'central' },
  { lada: '777', states: ['MX-MOR'], city: 'Cuernavaca', zone: 'central' },
  { lada: '735', states: ['MX-MOR'], city: 'Cuautla', zone: 'central' },
  { lada: '734', states: ['MX-MOR'], city: 'Morelos (sur)', zone: 'central' },
  { lada: '311', states: ['MX-NAY'], city: 'Tepic', zone: 'pacific' },
  { lada: '319', states: ['MX-NAY'], city: 'Nayarit (costa)', zone: 'pacific' },
  { lada: '323', states: ['MX-NAY'], city: 'Nayarit (norte)', zone: 'pacific' },
  { lada: '81', states: ['MX-NLE'], city: 'Monterrey', zone: 'central' },
  { lada: '821', states: ['MX-NLE'], city: 'Linares', zone: 'central' },
  { lada: '828', states: ['MX-NLE'], city: 'Cadereyta', zone: 'central' },
  { lada: '951', states: ['MX-OAX'], city: 'Oaxaca', zone: 'central' },
  { lada: '971', states: ['MX-OAX'], city: 'Juchitán / Salina Cruz', zone: 'central' },
  { lada: '954', states: ['MX-OAX'], city: 'Puerto Escondido', zone: 'central' },
  { lada: '953', states: ['MX-OAX'], city: 'Huajuapan', zone: 'central' },
  { lada: '222', states: ['MX-PUE'], city: 'Puebla', zone: 'central' },
  { lada: '238', states: ['MX-PUE'], city: 'Tehuacán', zone: 'central' },
  { lada: '231', states: ['MX-PUE'], city: 'Teziutlán', zone: 'central' },
  { lada: '244', states: ['MX-PUE'], city: 'Atlixco', zone: 'central' },
  { lada: '442', states: ['MX-QUE'], city: 'Querétaro', zone: 'central' },
  { lada: '441', states: ['MX-QUE'], city: 'Querétaro (sierra)', zone: 'central' },
  { lada: '448', states: ['MX-QUE'], city: 'Querétaro (norte)', zone: 'central' },
  { lada: '414', states: ['MX-QUE'], city: 'Tequisquiapan', zone: 'central' },
  { lada: '998', states: ['MX-ROO'], city: 'Cancún', zone: 'southeast' },
  { lada: '983', states: ['MX-ROO'], city: 'Chetumal', zone: 'southeast' },
  { lada: '984', states: ['MX-ROO'], city: 'Playa del Carmen', zone: 'southeast' },
  { lada: '987', states: ['MX-ROO'], city: 'Cozumel', zone: 'southeast' },
  { lada: '444', states: ['MX-SLP'], city: 'San Luis Potosí', zone: 'central' },
  { lada: '481', states: ['MX-SLP'], city: 'Ciudad Valles', zone: 'central' },
  { lada: '489', states: ['MX-SLP'], city: 'Huasteca potosina', zone: 'central' },
  { lada: '667', states: ['MX-SIN'], city: 'Culiacán', zone: 'pacific' },
  { lada: '669', states: ['MX-SIN'], city: 'Mazatlán', zone: 'pacific' },
  { lada: '668', states: ['MX-SIN'], city: 'Los Mochis', zone: 'pacific' },
  { lada: '687', states: ['MX-SIN'], city: 'Guasave', zone: 'pacific' },
  { lada: '672', states: ['MX-SIN'], city: 'Sinaloa (centro)', zone: 'pacific' },
  { lada: '662', states: ['MX-SON'], city: 'Hermosillo', zone: 'pacific' },
  { lada: '644', states: ['MX-SON'], city: 'Ciudad Obregón', zone: 'pacific' },
  { lada: '631', states: ['MX-SON'], city: 'Nogales', zone: 'pacific' },
  { lada: '642', states: ['MX-SON'], city: 'Navojoa', zone: 'pacific' },
  { lada: '653', states: ['MX-SON'], city: 'San Luis Río Colorado', zone: 'pacific' },
  { lada: '622', states: ['MX-SON'], city: 'Guaymas', zone: 'pacific' },
  { lada: '993', states: ['MX-TAB'], city: 'Villahermosa', zone: 'central' },
  { lada: '937', states: ['MX-TAB'], city: 'Cárdenas', zone: 'central' },
  { lada: '933', states: ['MX-TAB'], city: 'Comalcalco', zone: 'central' },
  { lada: '914', states: ['MX-TAB'], city: 'Tabasco (sierra)', zone: 'central' },
  { lada: '834', states: ['MX-TAM'], city: 'Ciudad Victoria', zone: 'central' },
  { lada: '899', states: ['MX-TAM'], city: 'Reynosa', zone: 'us-central' },
  { lada: '833', states: ['MX-TAM'], city: 'Tampico', zone: 'central' },
  { lada: '868', states: ['MX-TAM'], city: 'Matamoros', zone: 'us-central' },
  { lada: '831', states: ['MX-TAM'], city: 'Ciudad Mante', zone: 'central' },
  { lada: '246', states: ['MX-TLA'], city: 'Tlaxcala', zone: 'central' },
  { lada: '241', states: ['MX-TLA'], city: 'Apizaco', zone: 'central' },
  { lada: '247', states: ['MX-TLA'], city: 'Huamantla', zone: 'central' },
  { lada: '229', states: ['MX-VER'], city: 'Veracruz', zone: 'central' },
  { lada: '228', states: ['MX-VER'], city: 'Xalapa', zone: 'central' },
  { lada: '921', states: ['MX-VER'], city: 'Coatzacoalcos', zone: 'central' },
  { lada: '782', states: ['MX-VER'], city: 'Poza Rica', zone: 'central' },
  { lada: '271', states: ['MX-VER'], city: 'Córdoba', zone: 'central' },
  { lada: '272', states: ['MX-VER'], city: 'Orizaba', zone: 'central' },
  { lada: '783', states: ['MX-VER'], city: 'Tuxpan', zone: 'central' },
  { lada: '999', states: ['MX-YUC'], city: 'Mérida', zone: 'central' },
  { lada: '997', states: ['MX-YUC'], city: 'Ticul', zone: 'central' },
  { lada: '985', states: ['MX-YUC'], city: 'Valladolid', zone: 'central' },
  { lada: '988', states: ['MX-YUC'], city: 'Motul', zone: 'central' },
  { lada: '492', states: ['MX-ZAC'], city: 'Zacatecas', zone: 'central' },
  { lada: '493', states: ['MX-ZAC'], city: 'Fresnillo', zone: 'central' },
  { lada: '494', states: ['MX-ZAC'], city: 'Jerez', zone: 'central' },
];

type IssueBias = Partial<Record<IssueKey, number>>;

export interface StateInfo {
  code: string;
  name: string;
  /** Inhabitants, millions (Censo 2020). */
  population: number;
  /** [lada, share of this state's senders]. */
  ladas: ReadonlyArray<readonly [string, number]>;
  /** How people name their place in a message (cities, the state, abbreviations). */
  mentions: readonly string[];
  /** How people type their state in a sign-up sheet. */
  declared: readonly string[];
  /** Multipliers on the national issue weights. */
  bias: IssueBias;
}

export const STATES: readonly StateInfo[] = [
  {
    code: 'MX-AGU', name: 'Aguascalientes', population: 1.43, ladas: [['449', 0.88], ['465', 0.12]],
    mentions: ['Aguascalientes', 'Aguas', 'Ags'],
    declared: ['Aguascalientes', 'aguascalientes', 'Ags.', 'AGS', 'Aguas'],
    bias: { seguridad: 0.8, agua: 1.3 },
  },
  {
    code: 'MX-BCN', name: 'Baja California', population: 3.77, ladas: [['664', 0.5], ['686', 0.27], ['646', 0.13], ['665', 0.04], ['661', 0.06]],
    mentions: ['Tijuana', 'TJ', 'Mexicali', 'Ensenada', 'Baja California', 'Rosarito', 'Tecate'],
    declared: ['Baja California', 'baja california', 'B.C.', 'BC', 'Baja Cal.'],
    bias: { migracion: 3.5, seguridad: 1.4, vivienda: 1.5, agua: 1.2 },
  },
  {
    code: 'MX-BCS', name: 'Baja California Sur', population: 0.8, ladas: [['612', 0.45], ['624', 0.45], ['613', 0.1]],
    mentions: ['La Paz', 'Los Cabos', 'Cabo San Lucas', 'Baja California Sur', 'BCS'],
    declared: ['Baja California Sur', 'B.C.S.', 'BCS', 'baja california sur'],
    bias: { medio_ambiente: 1.8, vivienda: 1.6, agua: 1.4 },
  },
  {
    code: 'MX-CAM', name: 'Campeche', population: 0.93, ladas: [['981', 0.6], ['938', 0.4]],
    mentions: ['Campeche', 'Ciudad del Carmen', 'Cd. del Carmen'],
    declared: ['Campeche', 'campeche', 'Camp.'],
    bias: { seguridad: 0.7, campo: 2, medio_ambiente: 1.5 },
  },
  {
    code: 'MX-CHP', name: 'Chiapas', population: 5.54, ladas: [['961', 0.45], ['962', 0.3], ['967', 0.25]],
    mentions: ['Chiapas', 'Tuxtla', 'Tapachula', 'San Cristóbal'],
    declared: ['Chiapas', 'chiapas', 'Chis.', 'CHIS'],
    bias: { migracion: 3, campo: 2.5, salud: 1.3, educacion: 1.4, agua: 0.8 },
  },
  {
    code: 'MX-CHH', name: 'Chihuahua', population: 3.74, ladas: [['614', 0.38], ['656', 0.42], ['627', 0.07], ['639', 0.07], ['625', 0.06]],
    mentions: ['Chihuahua', 'Ciudad Juárez', 'Cd. Juárez', 'Juaritos', 'Parral', 'Delicias'],
    declared: ['Chihuahua', 'chihuahua', 'Chih.', 'CHIH'],
    bias: { migracion: 3, seguridad: 1.4, agua: 1.3, mujeres: 1.4, campo: 1.6 },
  },
  {
    code: 'MX-CMX', name: 'Ciudad de México', population: 9.21, ladas: [['55', 0.72], ['56', 0.28]],
    mentions: ['la CDMX', 'la cdmx', 'el DF', 'la Ciudad de México', 'Iztapalapa', 'Coyoacán', 'Tlalpan', 'la GAM', 'Xochimilco', 'Azcapotzalco', 'Tláhuac'],
    declared: ['Ciudad de México', 'CDMX', 'cdmx', 'DF', 'D.F.', 'Distrito Federal', 'Cd. de México', 'ciudad de mexico'],
    bias: { agua: 1.6, transporte: 1.8, vivienda: 1.8, mujeres: 1.3, medio_ambiente: 1.3, campo: 0.2 },
  },
  {
    code: 'MX-COA', name: 'Coahuila', population: 3.15, ladas: [['844', 0.35], ['871', 0.35], ['866', 0.12], ['878', 0.1], ['877', 0.08]],
    mentions: ['Coahuila', 'Saltillo', 'Torreón', 'Monclova', 'Piedras Negras'],
    declared: ['Coahuila', 'coahuila', 'Coah.', 'Coahuila de Zaragoza'],
    bias: { agua: 1.3, migracion: 1.8 },
  },
  {
    code: 'MX-COL', name: 'Colima', population: 0.73, ladas: [['312', 0.65], ['314', 0.35]],
    mentions: ['Colima', 'Manzanillo'],
    declared: ['Colima', 'colima', 'Col.'],
    bias: { seguridad: 1.7 },
  },
  {
    code: 'MX-DUR', name: 'Durango', population: 1.83, ladas: [['618', 0.8], ['674', 0.1], ['677', 0.1]],
    mentions: ['Durango', 'Gómez Palacio'],
    declared: ['Durango', 'durango', 'Dgo.', 'DGO'],
    bias: { campo: 2.5 },
  },
  {
    code: 'MX-GUA', name: 'Guanajuato', population: 6.17, ladas: [['477', 0.4], ['473', 0.1], ['462', 0.15], ['461', 0.17], ['464', 0.1], ['415', 0.08]],
    mentions: ['Guanajuato', 'León', 'Irapuato', 'Celaya', 'Salamanca', 'Gto'],
    declared: ['Guanajuato', 'guanajuato', 'Gto.', 'GTO'],
    bias: { seguridad: 1.8, migracion: 1.5, mujeres: 1.2 },
  },
  {
    code: 'MX-GRO', name: 'Guerrero', population: 3.54, ladas: [['747', 0.25], ['744', 0.45], ['755', 0.1], ['733', 0.12], ['762', 0.08]],
    mentions: ['Guerrero', 'Acapulco', 'Chilpancingo', 'Iguala', 'Zihuatanejo'],
    declared: ['Guerrero', 'guerrero', 'Gro.', 'GRO'],
    bias: { seguridad: 1.5, salud: 1.3, educacion: 1.3, campo: 1.8, migracion: 1.3 },
  },
  {
    code: 'MX-HID', name: 'Hidalgo', population: 3.08, ladas: [['771', 0.5], ['775', 0.2], ['773', 0.15], ['779', 0.15]],
    mentions: ['Hidalgo', 'Pachuca', 'Tulancingo'],
    declared: ['Hidalgo', 'hidalgo', 'Hgo.', 'HGO'],
    bias: { medio_ambiente: 1.5, campo: 1.3 },
  },
  {
    code: 'MX-JAL', name: 'Jalisco', population: 8.35, ladas: [['33', 0.78], ['322', 0.08], ['341', 0.05], ['474', 0.05], ['392', 0.04]],
    mentions: ['Guadalajara', 'GDL', 'Jalisco', 'Zapopan', 'Tlaquepaque', 'Puerto Vallarta'],
    declared: ['Jalisco', 'jalisco', 'Jal.', 'JAL'],
    bias: { transporte: 1.5, vivienda: 1.4, medio_ambiente: 1.3, mujeres: 1.1 },
  },
  {
    code: 'MX-MEX', name: 'Estado de México', population: 16.99, ladas: [['55', 0.5], ['56', 0.2], ['722', 0.2], ['595', 0.06], ['712', 0.04]],
    mentions: ['edomex', 'el Edomex', 'el Estado de México', 'Ecatepec', 'Neza', 'Nezahualcóyotl', 'Toluca', 'Naucalpan', 'Chalco', 'Texcoco', 'Tlalnepantla', 'Chimalhuacán', 'el Edo Mex'],
    declared: ['Estado de México', 'Edo. de México', 'Edomex', 'edomex', 'Edo Mex', 'Edo. Méx.', 'estado de mexico', 'EDOMEX'],
    bias: { seguridad: 1.3, agua: 1.6, transporte: 2, mujeres: 1.8, vivienda: 1.2, campo: 0.6 },
  },
  {
    code: 'MX-MIC', name: 'Michoacán', population: 4.75, ladas: [['443', 0.45], ['452', 0.2], ['351', 0.15], ['453', 0.1], ['352', 0.1]],
    mentions: ['Michoacán', 'Morelia', 'Uruapan', 'Zamora', 'Apatzingán'],
    declared: ['Michoacán', 'michoacan', 'Mich.', 'MICH', 'Michoacán de Ocampo'],
    bias: { seguridad: 1.5, migracion: 2, campo: 2 },
  },
  {
    code: 'MX-MOR', name: 'Morelos', population: 1.97, ladas: [['777', 0.65], ['735', 0.25], ['734', 0.1]],
    mentions: ['Morelos', 'Cuernavaca', 'Cuautla', 'Jiutepec'],
    declared: ['Morelos', 'morelos', 'Mor.'],
    bias: { seguridad: 1.3, mujeres: 1.3 },
  },
  {
    code: 'MX-NAY', name: 'Nayarit', population: 1.24, ladas: [['311', 0.7], ['319', 0.15], ['323', 0.15]],
    mentions: ['Nayarit', 'Tepic'],
    declared: ['Nayarit', 'nayarit', 'Nay.'],
    bias: { campo: 2 },
  },
  {
    code: 'MX-NLE', name: 'Nuevo León', population: 5.78, ladas: [['81', 0.92], ['821', 0.04], ['828', 0.04]],
    mentions: ['Monterrey', 'Mty', 'Nuevo León', 'NL', 'San Nicolás', 'Apodaca', 'Escobedo', 'Santa Catarina'],
    declared: ['Nuevo León', 'Nuevo Leon', 'nuevo leon', 'NL', 'N.L.', 'Nvo. León'],
    bias: { agua: 1.8, medio_ambiente: 2, transporte: 1.5, vivienda: 1.4, migracion: 1.3, campo: 0.4 },
  },
  {
    code: 'MX-OAX', name: 'Oaxaca', population: 4.13, ladas: [['951', 0.5], ['971', 0.25], ['954', 0.12], ['953', 0.13]],
    mentions: ['Oaxaca', 'Juchitán', 'Salina Cruz', 'Puerto Escondido', 'el Istmo'],
    declared: ['Oaxaca', 'oaxaca', 'Oax.', 'OAX'],
    bias: { campo: 2.5, educacion: 1.5, salud: 1.3, migracion: 1.8 },
  },
  {
    code: 'MX-PUE', name: 'Puebla', population: 6.58, ladas: [['222', 0.75], ['238', 0.1], ['231', 0.07], ['244', 0.08]],
    mentions: ['Puebla', 'Tehuacán', 'Cholula', 'Atlixco'],
    declared: ['Puebla', 'puebla', 'Pue.', 'PUE'],
    bias: { transporte: 1.2, mujeres: 1.2 },
  },
  {
    code: 'MX-QUE', name: 'Querétaro', population: 2.37, ladas: [['442', 0.85], ['441', 0.05], ['448', 0.05], ['414', 0.05]],
    mentions: ['Querétaro', 'Qro', 'Corregidora', 'El Marqués'],
    declared: ['Querétaro', 'Queretaro', 'Qro.', 'QRO'],
    bias: { agua: 1.3, vivienda: 1.4, seguridad: 0.8, corrupcion: 0.9 },
  },
  {
    code: 'MX-ROO', name: 'Quintana Roo', population: 1.86, ladas: [['998', 0.6], ['983', 0.15], ['984', 0.18], ['987', 0.07]],
    mentions: ['Cancún', 'Q. Roo', 'Quintana Roo', 'Chetumal', 'Playa del Carmen', 'Tulum', 'Cozumel'],
    declared: ['Quintana Roo', 'Q. Roo', 'QRoo', 'Q.R.', 'quintana roo'],
    bias: { medio_ambiente: 3, vivienda: 1.7 },
  },
  {
    code: 'MX-SLP', name: 'San Luis Potosí', population: 2.82, ladas: [['444', 0.75], ['481', 0.15], ['489', 0.1]],
    mentions: ['San Luis Potosí', 'SLP', 'Ciudad Valles', 'la Huasteca potosina'],
    declared: ['San Luis Potosí', 'San Luis Potosi', 'SLP', 'S.L.P.'],
    bias: { agua: 1.2 },
  },
  {
    code: 'MX-SIN', name: 'Sinaloa', population: 3.03, ladas: [['667', 0.45], ['669', 0.25], ['668', 0.18], ['687', 0.07], ['672', 0.05]],
    mentions: ['Sinaloa', 'Culiacán', 'Mazatlán', 'Los Mochis'],
    declared: ['Sinaloa', 'sinaloa', 'Sin.'],
    bias: { seguridad: 1.4, campo: 2.5 },
  },
  {
    code: 'MX-SON', name: 'Sonora', population: 2.94, ladas: [['662', 0.45], ['644', 0.2], ['631', 0.12], ['642', 0.08], ['653', 0.08], ['622', 0.07]],
    mentions: ['Sonora', 'Hermosillo', 'Cd. Obregón', 'Nogales', 'Guaymas'],
    declared: ['Sonora', 'sonora', 'Son.'],
    bias: { migracion: 2, agua: 1.3, seguridad: 1.3, campo: 1.8 },
  },
  {
    code: 'MX-TAB', name: 'Tabasco', population: 2.4, ladas: [['993', 0.7], ['937', 0.12], ['933', 0.1], ['914', 0.08]],
    mentions: ['Tabasco', 'Villahermosa', 'Comalcalco'],
    declared: ['Tabasco', 'tabasco', 'Tab.'],
    bias: { agua: 0.6, campo: 1.5 },
  },
  {
    code: 'MX-TAM', name: 'Tamaulipas', population: 3.53, ladas: [['834', 0.15], ['899', 0.3], ['833', 0.25], ['868', 0.2], ['831', 0.1]],
    mentions: ['Tamaulipas', 'Reynosa', 'Tampico', 'Matamoros', 'Cd. Victoria'],
    declared: ['Tamaulipas', 'tamaulipas', 'Tamps.', 'TAMPS'],
    bias: { migracion: 3, seguridad: 1.4, corrupcion: 1.2 },
  },
  {
    code: 'MX-TLA', name: 'Tlaxcala', population: 1.34, ladas: [['246', 0.6], ['241', 0.25], ['247', 0.15]],
    mentions: ['Tlaxcala', 'Apizaco', 'Huamantla'],
    declared: ['Tlaxcala', 'tlaxcala', 'Tlax.'],
    bias: { campo: 1.7 },
  },
  {
    code: 'MX-VER', name: 'Veracruz', population: 8.06, ladas: [['229', 0.28], ['228', 0.22], ['921', 0.14], ['782', 0.12], ['271', 0.1], ['272', 0.08], ['783', 0.06]],
    mentions: ['Veracruz', 'Xalapa', 'Coatzacoalcos', 'Poza Rica', 'Córdoba', 'Orizaba', 'Boca del Río'],
    declared: ['Veracruz', 'veracruz', 'Ver.', 'Veracruz de Ignacio de la Llave'],
    bias: { corrupcion: 1.4, campo: 1.8 },
  },
  {
    code: 'MX-YUC', name: 'Yucatán', population: 2.32, ladas: [['999', 0.82], ['997', 0.06], ['985', 0.07], ['988', 0.05]],
    mentions: ['Mérida', 'Yucatán', 'Valladolid', 'Progreso'],
    declared: ['Yucatán', 'Yucatan', 'yucatan', 'Yuc.'],
    bias: { seguridad: 0.5, medio_ambiente: 2, agua: 0.7 },
  },
  {
    code: 'MX-ZAC', name: 'Zacatecas', population: 1.62, ladas: [['492', 0.55], ['493', 0.3], ['494', 0.15]],
    mentions: ['Zacatecas', 'Fresnillo', 'Zac'],
    declared: ['Zacatecas', 'zacatecas', 'Zac.'],
    bias: { seguridad: 1.6, campo: 3, migracion: 2.5, agua: 1.2 },
  },
];

/** Multipliers on issue weights per age band (index = AGE_BANDS index). */
export const AGE_ISSUE_BIAS: readonly IssueBias[] = [
  { educacion: 2.2, transporte: 1.4, economia: 1.1, mujeres: 1.3, medio_ambiente: 1.5, salud: 0.6 },
  { vivienda: 1.7, economia: 1.2, mujeres: 1.2, educacion: 1.2, transporte: 1.2 },
  { educacion: 1.3, seguridad: 1.1, vivienda: 1.2 },
  { salud: 1.1, corrupcion: 1.1 },
  { salud: 1.4, economia: 1.1, campo: 1.2, educacion: 0.7 },
  { salud: 1.9, economia: 1.4, educacion: 0.4, transporte: 0.7, vivienda: 0.6, mujeres: 0.6, medio_ambiente: 0.7 },
];

/** Slot values used in the templates below ({place}, {n}, ...). Expanded when the phrasebook loads. */
export const SLOTS: Record<string, readonly string[]> = {
  place: [
    'en mi colonia', 'en mi calle', 'por mi casa', 'en el barrio', 'en la colonia', 'en mi fraccionamiento',
    'en el centro', 'en mi pueblo', 'en mi cuadra', 'en la unidad habitacional', 'por donde vivo', 'en mi municipio',
    'aquí', 'en la zona', 'en mi comunidad', 'en la privada', 'por el mercado', 'en mi ejido',
  ],
  n: ['2', '3', '4', '5', '6', '8', '10', '15', 'dos', 'tres', 'cuatro', 'cinco'],
  fam: ['mi mamá', 'mi papá', 'mi abuelita', 'mi abuelo', 'mi esposo', 'mi esposa', 'mi tía', 'mi vecino', 'mi vecina', 'mi suegra', 'mi hermano', 'mi cuñado'],
  kid: ['mi hijo', 'mi hija', 'mi niño', 'mi niña', 'mi nieta', 'mi nieto', 'mi sobrino', 'mi chamaco'],
  price: ['28', '30', '32', '34', '35'],
  when: ['desde el lunes', 'desde hace una semana', 'desde ayer', 'desde el domingo', 'desde hace días', 'toda la semana', 'desde hace un mes'],
};

export interface IssueVocabulary {
  /** National share of messages about this issue. */
  weight: number;
  /** Complaints that use an obvious keyword of the issue. */
  explicit: readonly string[];
  /** Complaints that never name the issue's keyword: the classifier has to infer it. */
  implicit: readonly string[];
  /** What the writer asks for. */
  requests: readonly string[];
  /** Noun phrases for question frames ("¿qué van a hacer con {t}?"). */
  topics: readonly string[];
  emojis: readonly string[];
  /** How the campaign's reply names the topic. */
  replyTopic: string;
}

export const ISSUE_VOCABULARY: Record<IssueKey, IssueVocabulary> = {
  seguridad: {
    weight: 20,
    explicit: [
      'hay mucha inseguridad {place}', 'la inseguridad {place} ya no se aguanta', 'ya no hay seguridad {place}, da miedo salir',
      'los robos {place} están cada vez peor', 'no hay patrullas {place} y la delincuencia anda suelta',
      'la policía nunca llega cuando le hablas', 'hubo una balacera {place} anoche', 'están extorsionando a los comerciantes {place}',
      'cobran derecho de piso a todos los negocios {place}', 'secuestraron a un muchacho {place} la semana pasada',
      'ya van {n} robos a casa habitación en la calle este mes', 'la violencia {place} está fuera de control',
      'asaltan a cada rato en la parada', 'los policías están coludidos con los delincuentes',
      'la seguridad está peor que nunca', 'robaron la tienda de la esquina {n} veces este mes',
    ],
    implicit: [
      'me asaltaron saliendo del metro', 'a {kid} le quitaron el celular a punta de pistola', 'ya no se puede salir de noche {place}',
      'le dieron un cristalazo a mi carro {place}', 'se metieron a la casa de {fam} y se llevaron todo',
      'andan unos tipos en moto vigilando las casas {place}', 'anoche se escucharon disparos {place}',
      'tengo miedo cada vez que {kid} sale a la calle', 'nos encañonaron a plena luz del día',
      'desaparecieron a un muchacho de la colonia y nadie dice nada', 'hay halcones en cada esquina {place}',
      'me bajaron de mi carro a la fuerza', 'a {fam} le vaciaron la tienda dos veces', 'las calles están bien oscuras y pasan cosas feas',
      'ya ni en el centro se puede andar tranquilo', 'en el tianguis te bolsean a cada rato', 'quemaron un carro {place} y nadie vino',
      'le hablaron a {fam} diciendo que tenían secuestrado a su hijo, fue puro susto', 'ya nadie deja a los niños jugar afuera',
      'a {fam} le exigieron cuota pa dejarle abrir su negocio', 'en la combi se subieron dos y nos quitaron todo',
      'cada semana hay un muerto {place}', 'los vecinos ya pusimos rejas y ni así',
    ],
    requests: [
      'queremos más patrullas', 'pongan más vigilancia', 'que metan a la cárcel a los rateros', 'pongan cámaras y alumbrado',
      'que la policía haga su trabajo', 'queremos vivir en paz', 'que regrese la tranquilidad', 'manden a la guardia nacional',
    ],
    topics: ['la inseguridad', 'la violencia', 'los asaltos', 'los robos', 'la delincuencia', 'la extorsión'],
    emojis: ['🚨', '😡', '😨', '🔫', '😰', '🙏'],
    replyTopic: 'la seguridad',
  },
  economia: {
    weight: 22,
    explicit: [
      'todo está carísimo, los precios no paran de subir', 'la inflación nos está comiendo vivos', 'no hay empleo {place}',
      'los salarios no alcanzan para nada', 'qué van a hacer con la economía', 'mi pensión no alcanza',
      'subió otra vez la gasolina', 'el gas está carísimo', 'necesitamos trabajo para los jóvenes', 'el salario mínimo no alcanza',
      'las pensiones de los adultos mayores llegan tarde', 'no hay trabajo {place} y los precios suben y suben',
      'el desempleo {place} está terrible', 'los precios de la canasta básica están por las nubes',
    ],
    implicit: [
      'ya no alcanza pa la despensa', 'el kilo de tortilla ya está en {price} pesos', 'el huevo subió otra vez',
      'me corrieron de la chamba y no encuentro nada', 'con lo que gano no me alcanza ni para comer', 'tengo {n} meses buscando chamba',
      'la lana ya no rinde', 'hay que trabajar doble turno para sacar lo del mes', 'cerraron la fábrica {place} y nos quedamos sin nada',
      'mi negocio está a punto de cerrar, no hay ventas', 'el cilindro de gas ya cuesta más de 500', 'ya no nos alcanza ni pa los frijoles',
      'me pagan bien poquito y trabajo 12 horas', 'no me ha llegado el apoyo del bienestar', 'voy al súper y con 500 pesos no llenas ni una bolsa',
      'tengo que pedir prestado para la quincena', 'el mandado cada semana sale más caro', 'mis hijos terminaron la carrera y no encuentran nada',
      'me endeudé con la tarjeta nomás para comer', 'en la quincena ya no queda nada para el día 10',
    ],
    requests: [
      'bajen los precios', 'que suban los sueldos', 'queremos chamba bien pagada', 'apoyos para los pequeños negocios',
      'que paguen la pensión a tiempo', 'que controlen los precios de la canasta básica',
    ],
    topics: ['los precios', 'la inflación', 'el desempleo', 'los sueldos bajos', 'las pensiones', 'la carestía'],
    emojis: ['💸', '😩', '😤', '💰', '🛒'],
    replyTopic: 'la economía',
  },
  salud: {
    weight: 12,
    explicit: [
      'el hospital {place} no tiene ni gasas', 'la atención en el centro de salud es pésima', 'no hay doctores en la clínica',
      'necesitamos un hospital {place}', 'el sistema de salud está por los suelos', 'no hay medicamentos en ningún hospital',
      'la salud pública está abandonada', 'en el hospital general te tratan como animal',
    ],
    implicit: [
      'no hay medicinas en el IMSS', '{fam} lleva {n} meses esperando su cirugía', 'en el ISSSTE te dan cita para dentro de {n} meses',
      'tuve que comprar la insulina por mi cuenta', '{fam} necesita quimio y no hay', 'en la clínica no hay ni paracetamol',
      'llevé a {kid} con fiebre y nos tuvieron {n} horas esperando', 'no hay ambulancias {place}', 'mi tío se murió esperando que lo atendieran',
      'las farmacias del seguro siempre están vacías', 'no hay vacunas para los niños', 'el dengue está pegando duro {place}',
      'el doctor del centro de salud nunca está', 'me cobraron una fortuna en un particular porque en el seguro no había lugar',
      'a {fam} le dieron la receta pero no surten nada', 'para un ultrasonido hay que esperar medio año',
      'no hay camas en urgencias', 'los de diabetes no tenemos ni tiras para medirnos',
    ],
    requests: ['surtan las medicinas', 'queremos más doctores', 'que abran el hospital que prometieron', 'atención médica digna', 'que haya medicinas en las clínicas'],
    topics: ['el desabasto de medicinas', 'los hospitales sin doctores', 'la salud', 'el IMSS', 'las clínicas'],
    emojis: ['🏥', '💊', '😷', '😢', '🙏'],
    replyTopic: 'la salud',
  },
  educacion: {
    weight: 7,
    explicit: [
      'la escuela de {kid} se está cayendo', 'faltan maestros en la primaria', 'la educación pública está abandonada',
      'no hay becas para los estudiantes', 'las escuelas no tienen ni baños', 'la escuela {place} no tiene agua ni luz',
      'la educación de nuestros hijos no le importa a nadie', 'los maestros no tienen material para dar clase',
    ],
    implicit: [
      '{kid} no tiene maestro desde hace {n} semanas', 'en la secu les piden cooperación para todo', 'el salón de {kid} no tiene ventanas',
      'los libros de texto llegaron tarde', '{kid} no alcanzó lugar en la prepa', 'no hay internet en la telesecundaria',
      'las maestras están en paro otra vez', 'en el kínder no hay ni sillas', 'no nos dieron la beca Benito Juárez',
      'la universidad está bien lejos y no hay cupo', 'los niños toman clase en el patio porque no hay salones',
      'la colegiatura ya no la podemos pagar', 'el examen de admisión de la UNAM es una lotería', '{kid} no quedó en la normal',
      'en la primaria de {kid} son 45 niños por grupo', 'los útiles y uniformes salen carísimos',
    ],
    requests: ['más maestros', 'que arreglen las escuelas', 'becas para todos los estudiantes', 'más lugares en prepas y universidades'],
    topics: ['las escuelas', 'la educación', 'las becas', 'la falta de maestros'],
    emojis: ['📚', '🏫', '✏️', '😔'],
    replyTopic: 'la educación',
  },
  corrupcion: {
    weight: 8,
    explicit: [
      'puros corruptos en el gobierno', 'la corrupción en el municipio está cañona', 'el presidente municipal se robó el presupuesto',
      'hay mucha corrupción en las licitaciones', 'la corrupción no deja avanzar a este país', 'todos los funcionarios son unos corruptos',
    ],
    implicit: [
      'para cualquier trámite en el municipio hay que dar mordida', 'el alcalde estrena camioneta cada año y la calle sigue igual',
      'se robaron el dinero de la obra y la dejaron a medias', 'los diputados viven como reyes con nuestro dinero',
      'le dieron el contrato a un compadre del gobernador', 'en el registro civil te piden moche', 'los mismos de siempre haciéndose ricos',
      'siempre hay que darle algo al de ventanilla pa que te atienda', 'desaparecieron los fondos del DIF',
      'el de tránsito me pidió {n}00 pesos para dejarme ir', 'la obra costó el triple y quedó mal hecha', 'el regidor metió a toda su familia a la nómina',
      'los apoyos nomás se los dan a los cuates del comisariado', 'el síndico tiene tres casas y nadie dice nada',
    ],
    requests: ['que castiguen a los rateros del gobierno', 'transparencia en los gastos', 'que auditen al municipio', 'cero moches', 'que devuelvan lo robado'],
    topics: ['la corrupción', 'los moches', 'los funcionarios rateros', 'las mordidas'],
    emojis: ['🤬', '💰', '🐀', '😠'],
    replyTopic: 'la transparencia',
  },
  agua: {
    weight: 9,
    explicit: [
      'no hay agua {place}', 'el agua sale sucia', 'falta el agua {when}', 'la pipa de agua nunca llega',
      'el servicio de agua es pésimo', 'no tenemos agua {when}', 'el agua llega nomás dos días a la semana {place}',
      'el recibo del agua llega carísimo y ni tenemos', 'hay escasez de agua {place}',
    ],
    implicit: [
      'llevamos {n} días sin que caiga una gota', 'la llave está seca {when}', 'tenemos que comprar garrafones pa bañarnos',
      'el tinaco está vacío otra vez', 'sale puro lodo de la llave', 'nos cortan el servicio en la noche y en la mañana no hay presión',
      'hay una fuga en la calle desde hace un mes y nadie la arregla', 'el drenaje se tapa cada que llueve',
      'no nos llega el tandeo', 'ni pa lavar los trastes tenemos', 'tenemos que acarrear cubetas desde la otra cuadra',
      'la cisterna lleva {n} días vacía', 'nos bañamos a jicarazos con lo poquito que juntamos', 'el pozo del pueblo ya se secó',
    ],
    requests: ['que manden pipas', 'arreglen las fugas', 'agua para todos', 'que llegue el agua diario', 'que nos conecten a la red'],
    topics: ['la falta de agua', 'el agua', 'las fugas', 'el desabasto de agua'],
    emojis: ['💧', '🚰', '🥵', '😩'],
    replyTopic: 'el agua',
  },
  migracion: {
    weight: 2,
    explicit: [
      'los migrantes están durmiendo en la calle {place}', 'necesitamos una política migratoria humana',
      'mi hermano está en Estados Unidos y tiene miedo de las deportaciones', 'muchos migrantes esperan en la frontera',
      'la migración está a todo lo que da {place}', 'los migrantes no tienen dónde quedarse',
    ],
    implicit: [
      'a mi primo lo deportaron y no tiene nada aquí', 'los muchachos se van pal norte porque aquí no hay nada',
      'en la central hay familias de Centroamérica pidiendo ayuda', 'los albergues están llenos', 'a mi sobrino lo agarró la migra',
      'qué van a hacer por los paisanos del otro lado', 'cruzar está cada vez más peligroso', 'los polleros cobran una fortuna',
      'la caravana viene pasando por aquí', 'mis hijos están en Chicago y no los veo desde hace {n} años',
      'mi esposo está del otro lado y nos da miedo que lo regresen', 'los deportados llegan sin papeles y sin nada',
    ],
    requests: ['apoyo a los paisanos', 'trato digno a los migrantes', 'que ayuden a los deportados', 'albergues dignos'],
    topics: ['los migrantes', 'las deportaciones', 'la migración', 'los paisanos deportados'],
    emojis: ['🇲🇽', '🇺🇸', '🙏', '😢'],
    replyTopic: 'las familias migrantes',
  },
  medio_ambiente: {
    weight: 4,
    explicit: [
      'la contaminación {place} está horrible', 'están talando el bosque', 'el río está contaminado', 'hay mucha basura en las calles',
      'cuiden el medio ambiente', 'el aire está bien sucio', 'la contaminación del aire nos está enfermando',
    ],
    implicit: [
      'no se puede respirar con tanto humo', 'la fábrica tira sus desechos al río', 'tiraron los árboles del parque para hacer un estacionamiento',
      'el sargazo llegó otra vez a la playa', 'queman basura en el baldío y huele horrible', 'el cielo está gris todo el día',
      'se están secando los manantiales', 'talaron el cerro para vender lotes', 'la refinería apesta',
      'el de la basura no pasa desde hace {n} semanas', 'el calor está insoportable y cada año peor', 'el canal huele a muerto',
      'están rellenando el manglar para construir hoteles', 'los perros y los niños se enferman por el polvo de la mina',
    ],
    requests: ['que planten árboles', 'que multen a las fábricas', 'protejan los bosques', 'que limpien el río', 'reciclaje en serio'],
    topics: ['la contaminación', 'la basura', 'la tala de árboles', 'el medio ambiente'],
    emojis: ['🌳', '🌎', '🏭', '😷', '♻️'],
    replyTopic: 'el medio ambiente',
  },
  transporte: {
    weight: 6,
    explicit: [
      'el transporte público es un desastre', 'el metro siempre va retrasado', 'los camiones van llenísimos',
      'no hay transporte {place} después de las 9', 'subieron el pasaje otra vez', 'el tráfico está imposible',
      'el transporte {place} es carísimo y malísimo',
    ],
    implicit: [
      'hago {n} horas diarias pa llegar a la chamba', 'la ruta ya no pasa por mi colonia', 'los baches están acabando con los carros',
      'el micro va a reventar todas las mañanas', 'el de la combi maneja como loco', 'el tren ligero se descompone cada semana',
      'la calle principal está llena de hoyos', 'esperamos el camión más de una hora', 'la carretera está destrozada',
      'el puente peatonal está roto', 'no hay banquetas y uno camina entre los carros', 'pago 4 pasajes diarios pa ir y venir',
      'el periférico a las 7 es un estacionamiento', 'la línea 12 sigue sin servir bien',
    ],
    requests: ['más rutas de camión', 'arreglen los baches', 'que bajen el pasaje', 'transporte digno', 'que pongan más unidades'],
    topics: ['el transporte', 'los baches', 'el pasaje', 'el tráfico'],
    emojis: ['🚌', '🚇', '🚗', '😤'],
    replyTopic: 'la movilidad',
  },
  vivienda: {
    weight: 4,
    explicit: [
      'la renta está carísima', 'no hay vivienda accesible', 'el Infonavit no me da crédito', 'los créditos para vivienda son imposibles',
      'necesitamos viviendas dignas', 'las rentas {place} subieron al doble',
    ],
    implicit: [
      'nos van a sacar del departamento porque el dueño lo quiere vender', 'con lo que me presta el infonavit no alcanza ni pa un cuartito',
      'vivimos {n} familias en una sola casa', 'la casa que compré se está cuarteando', 'no tenemos escrituras de la casa desde hace años',
      'los fraccionamientos nuevos están bien lejos y sin servicios', 'el casero nos subió {n}00 pesos de golpe',
      'las casas del fraccionamiento están abandonadas y las invaden', 'no hay dónde rentar que no cueste medio sueldo',
      'vivo con mis papás porque no me alcanza pa independizarme', 'los airbnb sacaron a todos los vecinos del barrio',
      'nos quieren desalojar del predio donde vivimos hace 20 años',
    ],
    requests: ['vivienda digna para las familias', 'regularicen los terrenos', 'controlen las rentas', 'créditos accesibles'],
    topics: ['la vivienda', 'las rentas', 'los créditos de Infonavit', 'las escrituras de las casas'],
    emojis: ['🏠', '🏚️', '😞'],
    replyTopic: 'la vivienda',
  },
  campo: {
    weight: 2.5,
    explicit: [
      'el campo está abandonado', 'los campesinos no tenemos apoyo', 'el precio del maíz está por los suelos',
      'necesitamos apoyos al campo', 'a los del campo nadie nos voltea a ver', 'los productores del campo estamos quebrados',
    ],
    implicit: [
      'la cosecha se perdió por la sequía', 'nos pagan la tonelada de maíz bien barata y el fertilizante carísimo',
      'el fertilizante no llegó otra vez', 'los coyotes se quedan con toda la ganancia', 'no hay crédito pa sembrar',
      'el ganado se está muriendo de sed', 'los jóvenes ya no quieren trabajar la tierra', 'nos prometieron semillas y nunca llegaron',
      'el frijol no vale nada este año', 'la milpa se secó', 'sembramos y no hay a quién venderle', 'el diésel pal tractor está carísimo',
      'la helada acabó con la siembra', 'el precio de garantía nunca llega a los ejidatarios',
    ],
    requests: ['precios justos para el maíz', 'apoyo a los productores', 'que llegue el fertilizante', 'créditos para sembrar'],
    topics: ['el campo', 'el abandono del campo', 'el precio del maíz', 'los fertilizantes'],
    emojis: ['🌽', '🚜', '🐄', '🌾'],
    replyTopic: 'el campo',
  },
  mujeres: {
    weight: 4,
    explicit: [
      'hay mucha violencia contra las mujeres {place}', 'queremos justicia para las mujeres', 'los feminicidios siguen y nadie hace nada',
      'las mujeres no estamos seguras {place}', 'igualdad de salario para las mujeres', 'la violencia de género está en todos lados',
    ],
    implicit: [
      'a mi hermana la golpea su pareja y el MP no hace nada', 'en la calle nos acosan a diario', 'mataron a una muchacha {place} y ni lo investigan',
      'mi vecina desapareció y no la buscan', 'las mamás solteras no tenemos guarderías', 'en mi trabajo pagan menos a las compañeras',
      'me da miedo caminar sola de noche', 'fui a denunciar y se burlaron de mí en la fiscalía', 'el acoso en la chamba está cañón',
      'necesitamos refugios para las que sufren violencia en su casa', 'a mi hija la siguió un señor hasta la casa',
      'las desaparecidas tienen nombre y nadie las busca',
    ],
    requests: ['alerta de género ya', 'justicia para ellas', 'guarderías para las mamás que trabajan', 'ni una más', 'que castiguen a los agresores'],
    topics: ['los feminicidios', 'la violencia contra las mujeres', 'el acoso', 'las desaparecidas'],
    emojis: ['💜', '✊', '😢', '🟣'],
    replyTopic: 'los derechos de las mujeres',
  },
};

/** Extra economía phrases for older senders (pensions). */
export const PENSION_PHRASES: readonly string[] = [
  'mi pensión no alcanza ni pa las medicinas', 'no me ha llegado la pensión del bienestar', 'con la pensión del IMSS no me alcanza para nada',
  'los jubilados no la estamos pasando bien', 'me quitaron la pensión y nadie me explica por qué', 'llevo {n} meses sin cobrar la pensión',
];

/** Every topic must read well in every frame (topics are problems; no verb agreement in frames). */
export const QUESTION_FRAMES: readonly string[] = [
  '¿qué van a hacer con {t}?', '¿qué propone el candidato sobre {t}?', '¿cuál es su plan para {t}?',
  'ya es hora de que alguien se ocupe de {t}', '¿van a hacer algo con {t} o nomás promesas?', '¿y {t} qué?',
  'nadie hace nada con {t}', 'quiero saber qué harán con {t}',
];

export const GENERIC_REQUESTS: readonly string[] = [
  'hagan algo', 'ayúdennos por favor', 'que alguien nos escuche', 'ojalá hagan algo', 'pónganse las pilas',
  'ya estuvo bueno', 'no queremos más promesas', 'esperamos su respuesta', 'necesitamos ayuda urgente', 'ya basta',
  'que cumplan lo que prometen', 'por favor hagan algo', 'los necesitamos',
];

export const CLOSERS: readonly string[] = [
  'gracias', 'saludos', 'ojalá nos escuchen', 'gracias por leer', 'bendiciones', 'quedo al pendiente', 'buen día',
  'neta', 'la neta', 'chale', 'ni modo', 'está cañón', 'ya ni la friegan', 'qué poca', 'de a tiro', 'no manches',
  'wey', 'gracias de antemano', 'se los encargo mucho', 'saludos desde aquí',
];

export const CONNECTORS: readonly string[] = [
  'y aparte', 'y encima', 'además', 'y luego', 'y para colmo', 'también', 'y ni hablar de que', 'y otra cosa,', 'y de paso',
];

/** Greetings by local time of day: morning (5-11), afternoon (12-18), night, any. */
export const GREETINGS = {
  morning: ['buenos días', 'buen día', 'hola buenos días', 'buenos días 🙏', 'hola buen día'],
  afternoon: ['buenas tardes', 'hola buenas tardes', 'buenas tardes 👋'],
  night: ['buenas noches', 'hola buenas noches', 'buenas noches disculpe la hora'],
  any: ['hola', 'holaa', 'holi', 'buenas', 'hola buenas', 'qué tal', 'q onda', 'hola, hay alguien?', 'saludos cordiales', 'HOLA', '👋', 'hola 👋', 'hola?', 'qué onda', 'holaaa 😊'],
} as const;

export const SUPPORT: readonly string[] = [
  'vamos con todo 💪', 'cuenten con mi voto', 'mi voto es suyo', '¡sí se puede!', 'toda mi familia va a votar por ustedes',
  '💪💪💪', '👍', '❤️', 'mucho éxito', 'ánimo, van muy bien', 'los apoyamos', 'ya tienen mi voto', 'bendiciones, adelante',
  'gracias por tomarnos en cuenta', 'me encantaron las propuestas', 'yo me apunto para ayudar en la campaña', 'arriba, arriba 🙌',
  'con ustedes hasta el final', 'aquí hay otro voto seguro', 'felicidades por el evento de ayer, estuvo chido', '🔥🔥', 'vamos a ganar 🏆',
];

export const SUPPORT_WITH_PLACE: readonly string[] = [
  'aquí estamos apoyando desde {x} 💪', 'desde {x} cuenten con nosotros', 'en {x} vamos con todo',
];

export const QUESTIONS: readonly string[] = [
  '¿cuándo es el próximo mitin?', '¿dónde me toca votar?', '¿a qué hora es el evento?', '¿cómo me registro de voluntario?',
  '¿me pueden mandar las propuestas?', '¿quién es el candidato a diputado por aquí?', '¿dónde consigo una gorra de la campaña?',
  '¿cuándo viene el candidato?', '¿van a hacer evento este fin de semana?', '¿este número es oficial?', '¿con quién hablo?',
  '¿tienen página de internet?', '¿cómo puedo ayudar?', '¿me mandan la ubicación de la casa de campaña?',
];

export const SPAM: readonly string[] = [
  'gana $5,000 diarios desde tu casa 💰💰 info aquí: wa.me/5215500000000', 'vendo tamales y atole, pedidos por aquí 🫔',
  'INVIERTE EN BITCOIN Y DUPLICA TU DINERO 🚀🚀', 'payasos, ni crean que voy a votar por ustedes', 'puro circo, son todos iguales 🤡🤡',
  'váyanse a la v*rga', 'bola de ratas', 'jajajajaja', '🤡', 'qué flojera', 'ni los conozco', 'prrrrr',
  'Préstamos sin buró, aprobación inmediata 📲 escribe INFO', 'síguenos en facebook.com/ofertasmx para promociones',
  'PAYASOOOOS', 'asdfgh', 'mejor pónganse a trabajar huevones', 'hackeamos este número jajaja', 'vendo Herbalife, pregunte sin compromiso 🍵',
];

export const OPTOUTS: readonly string[] = [
  'ya no me escriban', 'baja', 'BAJA', 'Baja', 'STOP', 'stop', 'no quiero recibir mensajes', 'no quiero recibir más mensajes',
  'dejen de mandarme mensajes', 'ya no me manden nada por favor', 'sáquenme de su lista', 'bórrenme de su lista',
  'no me interesa, no me escriban', 'quiero darme de baja', 'denme de baja', 'ya no quiero información', 'no me vuelvan a escribir',
  'BAJA por favor', 'stop porfa', 'basta de mensajes', 'cancelar suscripción', 'no autorizo que me envíen mensajes',
  'quítenme de sus contactos', 'ya no me manden propaganda',
];

export const OPTOUT_REPEATS: readonly string[] = [
  'ya les dije que me den de baja', 'BAJA!!!', 'que no me escriban!!', 'por segunda vez: ya no quiero mensajes', 'STOP STOP STOP',
];

export const OPTINS: readonly string[] = [
  'alta', 'ALTA', 'Alta', 'quiero volver a recibir info', 'sí quiero seguir recibiendo mensajes', 'me vuelven a agregar porfa',
  'ya quiero volver a recibir noticias', 'alta por favor', 'reactivar mensajes', 'vuelvan a mandarme información',
];

/** Templates that state an age; § is the age, ¤ the birth year. min/max: ages the phrase fits. */
/** Templates that state an age; § is the age, ¤ the birth year. min/max: ages the phrase fits; gender: 'f' / 'm' if gendered. */
export const AGE_PHRASES: ReadonlyArray<{ text: string; min: number; max: number; at: 'start' | 'end' | 'any'; gender?: 'f' | 'm' }> = [
  { text: 'tengo § años', min: 18, max: 85, at: 'any' },
  { text: 'a mis § años', min: 18, max: 85, at: 'start' },
  { text: 'ya tengo § años y', min: 30, max: 85, at: 'start' },
  { text: 'soy una señora de § años', min: 40, max: 85, at: 'any', gender: 'f' },
  { text: 'soy un señor de § años', min: 40, max: 85, at: 'any', gender: 'm' },
  { text: 'soy estudiante, tengo §', min: 18, max: 26, at: 'any' },
  { text: 'tengo § años y estoy en la prepa', min: 18, max: 19, at: 'any' },
  { text: 'tengo § añitos', min: 70, max: 85, at: 'any' },
  { text: 'soy jubilado', min: 65, max: 85, at: 'any', gender: 'm' },
  { text: 'soy jubilada', min: 65, max: 85, at: 'any', gender: 'f' },
  { text: 'somos de la tercera edad', min: 65, max: 85, at: 'any' },
  { text: 'nací en ¤', min: 18, max: 85, at: 'any' },
  { text: 'tengo § y', min: 18, max: 85, at: 'start' },
  { text: 'con mis § años nunca había visto esto', min: 45, max: 85, at: 'end' },
  { text: 'soy mamá soltera de § años', min: 18, max: 50, at: 'any', gender: 'f' },
];

/** Where a state is named: {x} = a mention from StateInfo.mentions. */
export const STATE_FRAMES: ReadonlyArray<{ text: string; at: 'start' | 'end' }> = [
  { text: 'aquí en {x}', at: 'start' }, { text: 'acá en {x}', at: 'start' }, { text: 'desde {x}', at: 'start' },
  { text: 'en {x}', at: 'start' }, { text: 'soy de {x} y', at: 'start' }, { text: 'aquí en {x}', at: 'end' },
  { text: 'aquí en {x} así estamos', at: 'end' }, { text: 'saludos desde {x}', at: 'end' }, { text: 'en {x}', at: 'end' },
  { text: 'vivo en {x} y', at: 'start' },
];

export const GENERIC_EMOJIS: readonly string[] = ['🙏', '😡', '😢', '🤬', '😔', '👎', '😩', '😤', '‼️', '🙄', '😞', '🥺'];

export const MEDIA_KINDS = ['image', 'audio', 'video', 'sticker', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** Forwarded chain messages. Each is copied by many senders with small variations. */
export interface ChainTemplate {
  text: string;
  issues: readonly IssueKey[];
  noise: '' | 'spam';
  /** Word swaps applied at random in copies. */
  swaps: ReadonlyArray<readonly [string, string]>;
}

export const CHAINS: readonly ChainTemplate[] = [
  {
    text: '⚠️ ALERTA ⚠️\nSe informa a la población que hay una banda robando niños en camionetas blancas cerca de las primarias.\nNo dejen solos a sus hijos y compartan con todos sus contactos.\nMás vale prevenir 🙏',
    issues: ['seguridad'], noise: '',
    swaps: [['robando', 'llevándose'], ['camionetas blancas', 'camionetas grises'], ['compartan', 'reenvíen'], ['Más vale prevenir', 'Mejor prevenir que lamentar']],
  },
  {
    text: 'URGENTE: a partir del lunes el IMSS dejará de dar medicamentos gratis a los pensionados.\nAvisen a sus familiares y vayan por su receta antes del viernes.\nEs información oficial, me lo pasó una doctora.',
    issues: ['salud'], noise: '',
    swaps: [['URGENTE', 'Urgente!!'], ['lunes', 'primero de mes'], ['una doctora', 'una enfermera'], ['Avisen', 'Avísenle']],
  },
  {
    text: 'AVISO IMPORTANTE\nVan a cortar el suministro de agua 72 horas en toda la zona metropolitana por mantenimiento.\nLlenen cubetas, tinacos y garrafones desde hoy.\nCompartan para que nadie se quede sin agua 💧',
    issues: ['agua'], noise: '',
    swaps: [['72 horas', '3 días'], ['Compartan', 'Pásenlo'], ['desde hoy', 'desde ya'], ['AVISO IMPORTANTE', 'Aviso importante!!']],
  },
  {
    text: 'Ya salió el nuevo apoyo de $5,000 para adultos mayores y madres solteras.\nSolo entra a este link y registra tu CURP antes de que se acabe: bienestar-apoyo-registro.mx\nEs real, a mi tía ya le depositaron.',
    issues: [], noise: 'spam',
    swaps: [['$5,000', '$4,500'], ['mi tía', 'mi vecina'], ['antes de que se acabe', 'antes del domingo']],
  },
  {
    text: 'Esto no lo van a decir en la tele: el gobierno estatal gastó 300 millones en un hospital que nunca se construyó.\nAquí están los documentos.\nCompártelo antes de que lo borren!!!',
    issues: ['corrupcion'], noise: '',
    swaps: [['300 millones', '350 millones'], ['Compártelo', 'Pásalo'], ['en la tele', 'en las noticias']],
  },
  {
    text: 'Chicas, cuidado: hay hombres ofreciendo perfumes en los estacionamientos de las plazas, les dan a oler y se desmayan.\nYa van varias desaparecidas.\nNo acepten nada de extraños y compartan con sus mamás, hermanas y amigas 💜',
    issues: ['mujeres', 'seguridad'], noise: '',
    swaps: [['Chicas', 'Mujeres'], ['perfumes', 'muestras de perfume'], ['varias', 'muchas'], ['💜', '🙏']],
  },
  {
    text: 'Buenos días 🌹 Que Dios bendiga tu día.\nEnvía este mensaje a 10 personas y hoy recibirás una gran noticia.\nSi lo rompes tendrás 7 años de mala suerte 🙏🙏',
    issues: [], noise: 'spam',
    swaps: [['10 personas', '15 personas'], ['Buenos días', 'Feliz día'], ['🌹', '🌷']],
  },
  {
    text: 'Padres de familia: la SEP anunció que este año se eliminan las becas para secundaria y preparatoria.\nFirmen la petición y reenvíen a todos los grupos de la escuela.\nNo nos quedemos callados.',
    issues: ['educacion'], noise: '',
    swaps: [['Padres de familia', 'Papás y mamás'], ['reenvíen', 'compartan'], ['anunció', 'confirmó']],
  },
  {
    text: 'OJO paisanos: dicen que a partir del próximo mes van a deportar a todos los que no tengan papeles aunque tengan hijos nacidos allá.\nSi tienen familia del otro lado avísenles.',
    issues: ['migracion'], noise: '',
    swaps: [['OJO', 'Ojo'], ['próximo mes', 'primero de octubre'], ['avísenles', 'pásenles esto']],
  },
];

export const CHAIN_PREFIXES: readonly string[] = [
  '', '', '', 'Reenviado\n', '*Reenviado*\n', 'Reenviado muchas veces\n', '↪️ Reenviado\n', 'Me lo pasaron, no sé si sea cierto:\n',
  'Ojo 👀\n', 'Para que estén informados:\n',
];

export const CHAIN_SUFFIXES: readonly string[] = ['', '', '', ' 🙏', ' 😱', '\n\nCompartan!!', ' ‼️', '\nDios los bendiga'];

/** Campaign replies (direction out). {name}: first name or empty; {topic}: IssueVocabulary.replyTopic. */
export const REPLIES = {
  issue: [
    'Gracias por escribirnos{name}. Tomamos nota de lo que nos cuentas sobre {topic} 🙌',
    '¡Hola{name}! Gracias por tu mensaje, lo revisa nuestro equipo y te contestamos pronto.',
    'Gracias por escribirnos{name}. Tu reporte sobre {topic} ya está en manos del equipo.',
    'Gracias{name}, tu voz cuenta. Estamos trabajando en propuestas sobre {topic}.',
    'Hola{name}, recibimos tu mensaje. ¿Nos compartes tu colonia o municipio para darle seguimiento?',
  ],
  greeting: ['¡Hola{name}! Gracias por escribir a la campaña. ¿En qué te podemos ayudar?', 'Hola{name} 👋 Bienvenido. Cuéntanos qué te preocupa de tu comunidad.'],
  support: ['¡Gracias por tu apoyo{name}! 💪 Juntos vamos a lograrlo.', 'Gracias{name} 🙌 ¿Te gustaría sumarte como voluntario?'],
  media: ['Recibimos tu archivo, gracias por compartirlo{name}.', 'Gracias{name}, ya lo revisamos.'],
  optout: ['Listo, ya no te enviaremos mensajes. Si cambias de opinión escribe ALTA.', 'Entendido{name}, te dimos de baja. Gracias.'],
  optin: ['¡Bienvenido de nuevo{name}! Volverás a recibir nuestras noticias.'],
  other: ['Gracias por escribirnos{name}. En breve te respondemos.', 'Hola{name}, gracias por tu mensaje.'],
} as const;

export const FEMALE_NAMES: readonly string[] = [
  'María', 'Guadalupe', 'Lupita', 'Juana', 'Margarita', 'Verónica', 'Patricia', 'Rosa', 'Leticia', 'Alejandra', 'Gabriela',
  'Adriana', 'Fernanda', 'Daniela', 'Mariana', 'Ximena', 'Sofía', 'Valeria', 'Karla', 'Brenda', 'Araceli', 'Norma', 'Yolanda',
  'Elena', 'Silvia', 'Claudia', 'Mónica', 'Laura', 'Sandra', 'Diana', 'Itzel', 'Citlali', 'Paola', 'Rocío', 'Lucía', 'Andrea',
  'Camila', 'Jessica', 'Dulce', 'Esperanza', 'Teresa', 'Rosy', 'Lety', 'Paty', 'Vero', 'Gaby', 'Marisol', 'Yesenia', 'Nayeli',
];

export const MALE_NAMES: readonly string[] = [
  'José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel', 'Francisco', 'Antonio', 'Jesús', 'Alejandro', 'Manuel', 'Ricardo',
  'Roberto', 'Fernando', 'Eduardo', 'Javier', 'Pedro', 'Raúl', 'Sergio', 'Arturo', 'Alberto', 'Héctor', 'Óscar', 'Daniel',
  'Diego', 'Emiliano', 'Santiago', 'Iván', 'Ulises', 'Hugo', 'Gerardo', 'Armando', 'Rubén', 'Mario', 'Beto', 'Pepe', 'Paco',
  'Chuy', 'Toño', 'Memo', 'Lalo', 'Kevin', 'Brayan', 'Juan Carlos', 'José Luis', 'Luis Fer',
];

export const SURNAMES: readonly string[] = [
  'Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Cruz', 'Flores',
  'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Torres', 'Díaz', 'Gutiérrez', 'Ruiz', 'Mendoza', 'Aguilar', 'Ortiz',
  'Moreno', 'Castillo', 'Romero', 'Álvarez', 'Méndez', 'Chávez', 'Rivera', 'Juárez', 'Ramos', 'Domínguez', 'Herrera',
  'Medina', 'Castro', 'Vargas', 'Guzmán', 'Velázquez', 'Rojas', 'Salazar', 'Contreras', 'Núñez', 'Ochoa', 'Cervantes', 'Luna',
];

export const FEMALE_NICKNAMES: readonly string[] = [
  'Doña Mary', 'La Güera', 'Mamá de Sofi', 'Abuelita Chela', 'Tía Lupe', 'La Flaca', 'Señora Rosa', 'Estética Karla 💅',
  'Mamá de Emiliano', 'Chayo', 'Nena', '~Rosy~', 'Maestra Lety', 'Lic. Torres',
];

export const MALE_NICKNAMES: readonly string[] = [
  'Don Beto', 'El Güero', 'Ing. Ramírez', 'Profe Juan', 'El Chino', 'Compa Toño', 'Dr. Salas', 'El Profe', 'Don Chuy', 'El Flaco',
];

/** Business profiles: either gender behind them. */
export const BUSINESS_NAMES: readonly string[] = [
  'Taller Mecánico Hdz', 'Abarrotes Lupita', 'Tacos El Güero 🌮', 'Papelería La Estrella', 'Farmacia San José', 'Tortillería La Esperanza',
];

export const NAME_EMOJIS: readonly string[] = ['🌸', '✨', '💕', '🙏', '⚽', '🦅', '🌻', '💙', '👑', '🌹', '🇲🇽', '😎'];

export const CONTACT_SOURCES: ReadonlyArray<readonly [string, number]> = [
  ['registro_voluntarios', 0.4], ['evento_mitin', 0.25], ['formulario_web', 0.2], ['crm_brigadas', 0.15],
];

/** The catalog functions the dataset and dashboard routes call (one place to switch if the catalog API moves). */
export {
  listDatasets,
  getDatasetRecord,
  listDashboards,
  getDashboard,
  toDcatJsonLd,
  toDdiCodebookXml,
} from '../../catalog/index.ts';

/**
 * The catalog functions the dataset routes call. The DCAT and DDI exporters are looked up on the catalog's
 * public face at run time so this keeps working whether or not that module exports them yet.
 */
import * as catalog from '../../catalog/index.ts';
import type { DatasetRecord } from '../../catalog/index.ts';

type Exporters = {
  toDcatJsonLd?: (record: DatasetRecord, baseUrl: string) => unknown;
  toDdiCodebookXml?: (record: DatasetRecord) => string;
};

const exporters = catalog as unknown as Exporters;

export const listDatasets = catalog.listDatasets;
export const getDatasetRecord = catalog.getDatasetRecord;
export const listDashboards = catalog.listDashboards;
export const getDashboard = catalog.getDashboard;
export const toDcatJsonLd = (record: DatasetRecord, baseUrl: string): unknown | null =>
  exporters.toDcatJsonLd ? exporters.toDcatJsonLd(record, baseUrl) : null;
export const toDdiCodebookXml = (record: DatasetRecord): string | null =>
  exporters.toDdiCodebookXml ? exporters.toDdiCodebookXml(record) : null;

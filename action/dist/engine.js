import{createRequire as __kgCreateRequire}from'node:module';const require=__kgCreateRequire(import.meta.url);
import{c as r,d as o,e as t,f as e,g as a,h as p}from"./chunk-XXLM7PMZ.js";import"./chunk-CUHA74PT.js";export{r as MATCHER_NAMES,o as TEMPLATES,t as applyDataSet,e as buildDataRubric,p as gradeData,a as renderText};

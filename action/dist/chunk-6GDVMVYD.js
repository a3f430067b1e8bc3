import{createRequire as __kgCreateRequire}from'node:module';const require=__kgCreateRequire(import.meta.url);
import{a as o}from"./chunk-RUGHBWFH.js";var e=o("node:path"),{join:n}=e;export{n as a};

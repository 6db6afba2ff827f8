const esbuild = require('esbuild'); const path=require('path');
const { platformFiles } = require('/work/wt-browser/scripts/browser/platform-files');
const root='/work/wt-browser';
(async()=>{ for (const e of process.argv.slice(2)) { try { await esbuild.build({entryPoints:[path.join(root,e)], bundle:true, write:false, format:'esm', platform:'browser', packages:'external', plugins:[platformFiles({root})], logLevel:'silent'}); console.log(e,'OK'); } catch(err){ console.log(e, 'FAIL'); for (const m of err.errors||[]) console.log('  ', m.text); } } })();

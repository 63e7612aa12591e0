(function(){
"use strict";
var D=JSON.parse(document.getElementById("ucs-data").textContent);
var rows=D.rows,checks=D.checks,L=D.labels,per=100,page=0,shown=rows,sortCol=-1,sortDir=1;
var SEV={critical:4,high:3,medium:2,low:1,info:0};
var tb=document.querySelector("#detail tbody"),q=document.getElementById("q");
var selects=Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
var COL={severity:0,status:1,state:2,provider:3,account:4,region:5,service:6,source:11};
function text(el,s){el.textContent=s==null?"":String(s);return el;}
function cell(tr,s,cls){var td=document.createElement("td");if(cls){td.className=cls;}text(td,s);tr.appendChild(td);return td;}
function hay(r){var c=checks[r[7]]||["","",[]];return (r.join(" ")+" "+c[0]+" "+c[2].join(" ")).toLowerCase();}
var index=rows.map(hay);
function apply(){
  var words=q.value.toLowerCase().split(/\s+/).filter(Boolean),want={};
  selects.forEach(function(s){if(s.value){want[s.getAttribute("data-filter")]=s.value;}});
  shown=[];
  for(var i=0;i<rows.length;i++){
    var r=rows[i],ok=true,k;
    for(k in want){
      if(k==="source"){ok=r[11].split(",").indexOf(want[k])>=0;}
      else if(k==="framework"){var fw=(checks[r[7]]||["","",[]])[2];ok=fw.some(function(x){return x.split(" ")[0]===want[k];});}
      else{ok=r[COL[k]]===want[k];}
      if(!ok){break;}
    }
    if(ok){for(var w=0;w<words.length;w++){if(index[i].indexOf(words[w])<0){ok=false;break;}}}
    if(ok){shown.push(r);}
  }
  if(sortCol>=0){shown.sort(function(a,b){
    var x=a[sortCol],y=b[sortCol];if(sortCol===0){x=SEV[x];y=SEV[y];}
    if(sortCol===7){x=(checks[x]||[x])[0];y=(checks[y]||[y])[0];}
    return (x<y?-1:x>y?1:0)*sortDir;});}
  page=0;show();
}
function show(){
  tb.textContent="";
  shown.slice(page*per,page*per+per).forEach(function(r){
    var c=checks[r[7]]||[r[7],"",[]],tr=document.createElement("tr");tr.className="row";
    var sev=document.createElement("span");sev.className="sev sev-"+r[0];text(sev,L.sev[r[0]]||r[0]);
    var td=document.createElement("td");td.appendChild(sev);tr.appendChild(td);
    cell(tr,(L.status[r[1]]||r[1])+(r[2]?" · "+(L.state[r[2]]||r[2]):""));
    var t=cell(tr,c[0]);var id=document.createElement("div");id.className="id";text(id,r[7]);t.appendChild(id);
    cell(tr,r[8],"id");cell(tr,r[3]+" "+r[4]+" "+r[5]);cell(tr,r[10]);cell(tr,c[1]);cell(tr,c[2].join(", "));
    tr.addEventListener("click",function(){
      var next=tr.nextSibling;if(next&&next.className==="more"){tb.removeChild(next);return;}
      var more=document.createElement("tr");more.className="more";var m=document.createElement("td");m.colSpan=8;
      [[L.resource_id,r[9]],[L.source,r[11]],[L.first_seen,r[12]],[L.last_seen,r[13]],[L.remediation,c[1]],
       [L.frameworks,c[2].join(", ")]].forEach(function(p){var d=document.createElement("div");
        var b=document.createElement("b");text(b,p[0]+": ");d.appendChild(b);d.appendChild(document.createTextNode(p[1]||"-"));m.appendChild(d);});
      more.appendChild(m);tr.parentNode.insertBefore(more,tr.nextSibling);});
    tb.appendChild(tr);});
  var n=Math.max(1,Math.ceil(shown.length/per));
  text(document.getElementById("page"),(page+1)+" / "+n);
  text(document.getElementById("shown"),L.shown.replace("{n}",shown.length).replace("{total}",rows.length));
  document.body.setAttribute("data-shown",String(shown.length));
}
document.getElementById("prev").onclick=function(){if(page>0){page--;show();}};
document.getElementById("next").onclick=function(){if((page+1)*per<shown.length){page++;show();}};
q.addEventListener("input",apply);selects.forEach(function(s){s.addEventListener("change",apply);});
Array.prototype.forEach.call(document.querySelectorAll("#detail th[data-sort]"),function(th){
  th.addEventListener("click",function(){var c=+th.getAttribute("data-sort");sortDir=(sortCol===c)?-sortDir:(c===0?-1:1);sortCol=c;
    Array.prototype.forEach.call(th.parentNode.children,function(o){o.removeAttribute("aria-sort");});
    th.setAttribute("aria-sort",sortDir>0?"ascending":"descending");apply();});});
// A view can be linked: #q=words&severity=high&provider=aws&sort=0
(location.hash.slice(1)||"").split("&").forEach(function(kv){
  var p=kv.split("="),k=decodeURIComponent(p[0]||""),v=decodeURIComponent((p[1]||"").replace(/\+/g," "));
  if(k==="q"){q.value=v;}else if(k==="sort"){sortCol=+v;sortDir=(+v===0)?-1:1;}
  else{selects.forEach(function(s){if(s.getAttribute("data-filter")===k){s.value=v;}});}});
apply();
// Self-check of the charts: a number or label cut off by its box is counted (tests read it).
var clipped=0;Array.prototype.forEach.call(document.querySelectorAll("table.bars th, table.bars td.num"),function(el){
  if(el.scrollWidth>el.clientWidth+1){clipped++;}});
document.body.setAttribute("data-clipped",String(clipped));
var title=document.querySelector("#detail thead th:nth-child(3)");
if(title){document.body.setAttribute("data-title-px",String(Math.round(title.getBoundingClientRect().width)));}
document.body.setAttribute("data-ready-ms",String(Math.round(performance.now())));
document.body.setAttribute("data-ready","1");
})();

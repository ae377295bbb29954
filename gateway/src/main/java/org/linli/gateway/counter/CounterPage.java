package org.linli.gateway.counter;

/**
 * The counter display: one static page in zh-CN that fills itself from {@code /counter/stream}. Large
 * type and high contrast for elders at arm's length (white on deep green or deep red, the amount to
 * pay largest); the staff's buttons under it. Every value is set with {@code textContent}, never as
 * HTML, so nothing from a terminal or the roster can inject markup.
 */
final class CounterPage {
    static final String HTML = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>助餐核验</title>
            <style>
            body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;background:#111;color:#fff}
            #card{min-height:62vh;padding:3vh 4vw;box-sizing:border-box;background:#333}
            #card.ok{background:#0b5d1e}#card.no{background:#8b0000}
            #name{font-size:11vh;font-weight:700;margin:0}
            #text{font-size:7vh;font-weight:700;margin:2vh 0}
            #pay{font-size:13vh;font-weight:800;margin:0}
            .row{font-size:4.5vh;margin:1vh 0}
            #pending{padding:2vh 4vw}
            .p{display:flex;align-items:center;gap:2vw;font-size:4vh;border-bottom:2px solid #444;padding:1.5vh 0}
            .p span{flex:1}
            button{font-size:4.5vh;padding:1.5vh 3vw;border:0;border-radius:1vh;font-weight:700;cursor:pointer}
            .serve{background:#fff;color:#0b5d1e}.cancel{background:#555;color:#fff}
            #status{font-size:2.5vh;color:#aaa;padding:0 4vw 2vh}
            </style></head><body>
            <div id="card"><p id="name">请刷脸或刷卡</p><p id="text"></p><p id="pay"></p>
            <p class="row" id="detail"></p></div>
            <div id="pending"></div>
            <div id="status">连接中…</div>
            <script>
            const $=id=>document.getElementById(id);
            function show(d){
              if(!d){return;}
              $('card').className=d.eligible?'ok':'no';
              $('name').textContent=d.name||'未识别';
              $('text').textContent=d.text;
              $('pay').textContent='应付 '+d.pay+' 元';
              $('detail').textContent=(d.eligible?('补贴 '+d.subsidy+' 元 · '+(d.tierText||'')+' · '):'')
                +'餐价 '+d.price+' 元 · '+d.method+' · '+d.at;
            }
            let pending=[];
            function drawPending(){
              const box=$('pending');box.replaceChildren();
              for(const d of pending){
                const row=document.createElement('div');row.className='p';
                const label=document.createElement('span');
                label.textContent=d.at+'  '+(d.name||'未识别')+'  应付 '+d.pay+' 元  '+(d.eligible?'补贴 '+d.subsidy+' 元':d.text);
                row.append(label,button('已出餐','serve',d),button('取消','cancel',d));
                box.append(row);
              }
            }
            function button(label,action,d){
              const b=document.createElement('button');b.textContent=label;b.className=action;
              b.onclick=()=>{b.disabled=true;fetch('/counter/decisions/'+encodeURIComponent(d.eventId)+'/'+action,
                {method:'POST',headers:{'X-Linli-Counter':'staff'}}).then(r=>{if(!r.ok){b.disabled=false;
                r.json().then(j=>$('status').textContent='未记录：'+j.detail);}});};
              return b;
            }
            function connect(){
              const es=new EventSource('/counter/stream');
              es.addEventListener('state',e=>{const s=JSON.parse(e.data);pending=s.pending;drawPending();show(s.latest);
                $('status').textContent=s.canteen+' · '+s.policy.name+' v'+s.policy.version+' · 名册 v'+s.roster.version;});
              es.addEventListener('decision',e=>{const d=JSON.parse(e.data);show(d);
                if(d.status==='pending'){pending.push(d);drawPending();}});
              es.addEventListener('closed',e=>{const d=JSON.parse(e.data);pending=pending.filter(p=>p.eventId!==d.eventId);
                drawPending();});
              es.onerror=()=>{$('status').textContent='连接中断，重连中…';};
            }
            connect();
            </script></body></html>
            """;

    private CounterPage() {
    }
}

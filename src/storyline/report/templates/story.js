(function(){var tip=document.getElementById('tip');document.querySelectorAll('sup.cite').forEach(function(el){
el.addEventListener('mouseenter',function(e){tip.textContent=el.getAttribute('data-source');tip.style.display='block';
tip.style.left=(e.clientX+12)+'px';tip.style.top=(e.clientY+12)+'px';});
el.addEventListener('mouseleave',function(){tip.style.display='none';});});})();

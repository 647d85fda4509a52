"""The home screen: the items as large tiles grouped by department, and the public services.

In 长辈模式 only the most used items show, bigger, with one tile leading to all the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import N_, _
from kiosk.core.catalog import Item
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.common import ServiceTile, Tile
from kiosk.ui.widgets.lang import bilingual, mn, tr, vertical, zh


class ItemGroup(BoxLayout):
    """A panel of tiles under a title; `slots` makes panels on one row equally tall."""

    title = StringProperty("")
    slots = NumericProperty(1)


class HomeScreen(KioskScreen):
    show_all = BooleanProperty(False)  # in elder mode: the full list was asked for

    def on_kv_post(self, base_widget: Any) -> None:
        self.app.theme.bind(portrait=self._build, elder=self._build)
        self.bind(show_all=self._build)
        tr.bind(lang=self._build)
        self._build()

    def prepare(self, **params: Any) -> None:
        self.show_all = False

    def way_text(self, item: Item, translate: Callable[[str], str] = _) -> str:
        if not item.offered_at(self.app.config_model.station.level):
            return translate(N_("本机不能办 · 去哪办"))
        way = translate(self.app.catalog.ways[item.way].name)
        promise = item.promise_words(translate)
        return f"{way} · {promise}" if promise else way

    def _title(self, name: str) -> str:
        """A tile's horizontal name: the Chinese beside the Mongolian, none under Mongolian alone."""
        mode, lang = self.app.config_model.display.languages, tr.lang
        return zh._(name) if bilingual(mode, lang) else "" if vertical(mode, lang) else _(name)

    def _mongolian(self, name: str) -> str:
        """A tile's vertical name, in Mongolian, or none."""
        return mn._(name) if vertical(self.app.config_model.display.languages, tr.lang) else ""

    def _tile(self, item: Item) -> Tile:
        offered = item.offered_at(self.app.config_model.station.level)
        # Not offered here: grey, and the touch leads to the places that offer it (the controller's open_item).
        colour = self.app.theme.way_colour(item.way) if offered else self.app.theme.text_muted
        # In Mongolian the name is written vertically; a bilingual station shows it beside the Chinese, with the
        # way of handling in Chinese. In Mongolian alone the way is left to the tile's colour: a horizontal line
        # of Mongolian does not fit beside the columns.
        mode, lang = self.app.config_model.display.languages, tr.lang
        subtitle = (self.way_text(item, zh._) if bilingual(mode, lang) else "" if vertical(mode, lang)
                    else self.way_text(item))
        tile = Tile(title=self._title(item.short_name), subtitle=subtitle, icon=item.icon, colour=colour,
                    mongolian=self._mongolian(item.short_name))
        tile.bind(on_release=lambda *_: self.app.controller.open_item(item.code))
        return tile

    def _build(self, *args: Any) -> None:
        theme, catalog = self.app.theme, self.app.catalog
        groups = self.ids.groups
        groups.clear_widgets()
        elder_view = theme.elder and not self.show_all
        if elder_view:
            groups.cols = 1 if theme.portrait else 3
            for item in catalog.elder_items():
                groups.add_widget(self._tile(item))
            # Bigger type needs wide tiles: the services become tiles like the items.
            services = self.ids.services
            services.clear_widgets()
            services.cols = 2
            more = Tile(title=self._title(N_("更多事项")), subtitle=self._title(N_("查看全部事项")), icon="apps",
                        mongolian=self._mongolian(N_("更多事项")))
            more.bind(on_release=lambda *_: setattr(self, "show_all", True))
            services.add_widget(more)
            guide = catalog.services[0]
            tile = Tile(title=self._title(guide.name), subtitle=self._title(guide.hint), icon=guide.icon,
                        mongolian=self._mongolian(guide.name))
            tile.bind(on_release=lambda *_: self.app.open_service(guide.code))
            services.add_widget(tile)
            return
        panels = catalog.home_groups()
        groups.cols = 2 if theme.portrait else len(panels)
        for i in range(0, len(panels), groups.cols):
            row = panels[i : i + groups.cols]
            slots = max(len(items) for _, items in row)
            for group, items in row:
                panel = ItemGroup(title=_(group.title), slots=slots)
                for item in items:
                    panel.ids.tiles.add_widget(self._tile(item))
                groups.add_widget(panel)
        self.ids.services.clear_widgets()
        self._add_services(catalog.services)

    def _add_services(self, services: list[Any]) -> None:
        box = self.ids.services
        box.cols = 4 if (self.app.theme.portrait or self.app.theme.elder) else len(services)
        for service in services:
            hint = _(service.hint) if self.app.controller.service_available(service.code) else _("暂未开通")
            tile = ServiceTile(title=self._title(service.name), hint=hint, icon=service.icon,
                               mongolian=self._mongolian(service.name))
            tile.bind(on_release=lambda _, code=service.code: self.app.open_service(code))
            box.add_widget(tile)
